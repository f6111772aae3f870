#!/usr/bin/env bash
# nginx/production.conf as a deployer installs it (docs/deployment.md):
# wrapped in an http block, nginx/annexa.conf installed as its locations
# file with the sed line production.conf gives, a certificate where the
# placeholders are.  `nginx -t` must accept it, and must refuse it once a
# piece it needs is missing (so the check can fail).  Needs no stack.
set -u
E2E_NAME=nginxconf
. "$(dirname "$0")/lib.sh"

SRC=${ANNEXA_SRCDIR:?}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
	echo "SKIP: nginx is not installed (scripts/deps installs it)"
	exit 77
fi
D=$E2E_TMP
mkdir -p "$D/ssl" "$D/logs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj /CN=annexa.example.com -days 2 -keyout "$D/ssl/privkey.pem" \
    -out "$D/ssl/fullchain.pem" 2>/dev/null

# install DIR: the files of one deployment into DIR, as docs/deployment.md says.
install_conf() {
	local dir=$1
	mkdir -p "$dir"
	cp "$SRC/nginx/annexa_fastcgi_params" "$dir/"
	sed "$(sed -n "s/^[[:space:]]*#   sed '\(.*\)' nginx\/annexa.conf$/\1/p" \
	    "$SRC/nginx/production.conf")" "$SRC/nginx/annexa.conf" \
	    >"$dir/annexa-locations.conf"
	sed -e "s#/etc/ssl/annexa#$D/ssl#" \
	    -e "s#/etc/nginx/annexa-locations.conf#$dir/annexa-locations.conf#" \
	    -e "s#/var/log/nginx#$D/logs#" \
	    "$SRC/nginx/production.conf" >"$dir/production.conf"
	printf 'pid %s/nginx.pid;\nevents {}\nhttp { include %s/production.conf; }\n' \
	    "$dir" "$dir" >"$dir/nginx.conf"
}

# nginx_t DIR: nginx -t on DIR's configuration; its output in DIR/t.out.
nginx_t() {
	"$NGINX" -t -q -p "$1" -c "$1/nginx.conf" -e "$D/logs/error.log" \
	    >"$1/t.out" 2>&1
}

install_conf "$D/good"
check "the sed line production.conf gives points annexa.conf at the upstream" \
    grep -q 'fastcgi_pass annexa_backend;' "$D/good/annexa-locations.conf"
check "no location still names the default socket" \
    test "$(grep -c 'unix:/run/annexa/fcgi.sock' "$D/good/annexa-locations.conf")" = 0
if nginx_t "$D/good"; then
	pass "nginx -t accepts production.conf with annexa.conf's locations"
else
	fail "nginx -t accepts production.conf with annexa.conf's locations" \
	    "$(cat "$D/good/t.out")"
fi

install_conf "$D/nozone"
sed -i '/^limit_req_zone .*annexa_reports/d' "$D/nozone/production.conf"
if nginx_t "$D/nozone"; then
	fail "nginx -t refuses it without the reports rate-limit zone"
else
	check "nginx -t refuses it without the reports rate-limit zone, naming it" \
	    grep -q 'annexa_reports' "$D/nozone/t.out"
fi

install_conf "$D/nocompute"
sed -i '/^limit_req_zone .*annexa_compute/d' "$D/nocompute/production.conf"
if nginx_t "$D/nocompute"; then
	fail "nginx -t refuses it without the computed routes' rate-limit zone"
else
	check "nginx -t refuses it without the computed routes' rate-limit zone, naming it" \
	    grep -q 'annexa_compute' "$D/nocompute/t.out"
fi

# Charts, gap and comparison are rate-limited like reports and verify.
check "annexa.conf limits charts, gap and comparison per client" \
    grep -q 'limit_req zone=annexa_compute ' "$SRC/nginx/annexa.conf"
# Every zone annexa.conf uses is defined where it is included: in
# production and in the local stack (which would not start otherwise).
for z in $(sed -n 's/.*limit_req zone=\([a-z_]*\).*/\1/p' "$SRC/nginx/annexa.conf" | sort -u); do
	check "production.conf defines $z" \
	    grep -q "^limit_req_zone .* zone=$z:" "$SRC/nginx/production.conf"
	check "local.conf.in defines $z" \
	    grep -q "^[[:space:]]*limit_req_zone .* zone=$z:" "$SRC/nginx/local.conf.in"
done

e2e_done
