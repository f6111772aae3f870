-- 0001_schema.sql — the whole data model of docs/formats.md.
--
-- Applied by `annexa migrate` inside one transaction.  Identifiers that
-- appear in URLs follow the path rule of docs/api.md.  Per-organisation rows
-- carry org_id; controls are named by (framework_id, control) so every
-- reference to a control is checked against the catalog.

CREATE DOMAIN annexa.ident AS text
    CHECK (VALUE ~ '^[A-Za-z0-9._&-]{1,64}$');

-- Catalog and mappings, shared by all organisations.

CREATE TABLE annexa.framework (
    id            annexa.ident PRIMARY KEY,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    version       text NOT NULL CHECK (length(version) BETWEEN 1 AND 500),
    publisher     text NOT NULL CHECK (length(publisher) BETWEEN 1 AND 500),
    licence_note  text,
    -- Kept by `annexa import catalog` (the only writer of control), so
    -- listing frameworks reads five rows instead of counting the catalog.
    control_count integer NOT NULL DEFAULT 0
);

CREATE TABLE annexa.control (
    framework_id  annexa.ident NOT NULL REFERENCES annexa.framework (id),
    control_id    annexa.ident NOT NULL,
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    group_id      annexa.ident NOT NULL,
    group_title   text NOT NULL,
    sort_key      integer NOT NULL,
    PRIMARY KEY (framework_id, control_id)
);
CREATE INDEX control_sort ON annexa.control (framework_id, sort_key);

CREATE TABLE annexa.mapping_set (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              annexa.ident NOT NULL UNIQUE,
    source_framework  annexa.ident NOT NULL REFERENCES annexa.framework (id),
    target_framework  annexa.ident NOT NULL REFERENCES annexa.framework (id),
    provenance        text NOT NULL,
    version           text,
    imported_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (source_framework <> target_framework)
);
CREATE INDEX mapping_set_pair ON annexa.mapping_set (source_framework, target_framework);

CREATE TABLE annexa.mapping (
    set_id            bigint NOT NULL REFERENCES annexa.mapping_set (id) ON DELETE CASCADE,
    source_framework  annexa.ident NOT NULL,
    source_control    annexa.ident NOT NULL,
    target_framework  annexa.ident NOT NULL,
    target_control    annexa.ident NOT NULL,
    relationship      text NOT NULL CHECK (relationship IN ('equal', 'equivalent',
                          'subset', 'superset', 'intersects', 'no-relationship')),
    strength          smallint CHECK (strength BETWEEN 0 AND 10),
    rationale         text CHECK (rationale IN ('syntactic', 'semantic', 'functional')),
    confidence        text CHECK (confidence IN ('high', 'medium', 'low')),
    note              text,
    gap_level         text CHECK (gap_level IN ('no-gap', 'partial-gap', 'full-gap')),
    addendum          text,
    PRIMARY KEY (set_id, source_control, target_control),
    FOREIGN KEY (source_framework, source_control) REFERENCES annexa.control (framework_id, control_id),
    FOREIGN KEY (target_framework, target_control) REFERENCES annexa.control (framework_id, control_id)
);
CREATE INDEX mapping_target ON annexa.mapping (set_id, target_control);

-- Organisations and their ISMS records.

CREATE TABLE annexa.org (
    id                annexa.ident PRIMARY KEY,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    cloud_role        text NOT NULL CHECK (cloud_role IN ('csp', 'csc', 'both')),
    source_framework  annexa.ident NOT NULL DEFAULT 'iso27017-2015'
                          REFERENCES annexa.framework (id),
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE annexa.scope (
    org_id     annexa.ident NOT NULL REFERENCES annexa.org (id),
    id         annexa.ident NOT NULL,
    statement  text NOT NULL,
    boundary   text,
    PRIMARY KEY (org_id, id)
);

-- The Statement of Applicability, with the five required elements of the
-- domain source: scope boundary, owner, evidence source, change trigger
-- and escalation path.
CREATE TABLE annexa.soa_entry (
    org_id           annexa.ident NOT NULL REFERENCES annexa.org (id),
    framework_id     annexa.ident NOT NULL,
    control          annexa.ident NOT NULL,
    applicable       boolean NOT NULL,
    justification    text,
    implementation   text NOT NULL CHECK (implementation IN ('implemented', 'partial',
                         'planned', 'not-implemented')),
    responsibility   text CHECK (responsibility IN ('csp', 'csc', 'shared')),
    scope_id         annexa.ident,
    owner            text,
    evidence_source  text,
    change_trigger   text,
    escalation_path  text,
    PRIMARY KEY (org_id, framework_id, control),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id),
    FOREIGN KEY (org_id, scope_id) REFERENCES annexa.scope (org_id, id)
);

-- Review history: append-only (the runtime role may only INSERT).
CREATE TABLE annexa.evidence (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    framework_id  annexa.ident NOT NULL,
    control       annexa.ident NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('shared-responsibility-matrix',
                      'cloud-service-agreement', 'provider-assurance-report',
                      'configuration-baseline', 'privileged-access-review',
                      'log-record', 'vulnerability-handling-record',
                      'change-record', 'decision-record', 'other')),
    title         text NOT NULL,
    collected_at  date NOT NULL,
    valid_until   date CHECK (valid_until IS NULL OR valid_until >= collected_at),
    location      text,
    sha256        text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    collected_by  text,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id)
);
CREATE INDEX evidence_control ON annexa.evidence (org_id, framework_id, control, collected_at);

CREATE TABLE annexa.control_review (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           annexa.ident NOT NULL REFERENCES annexa.org (id),
    framework_id     annexa.ident NOT NULL,
    control          annexa.ident NOT NULL,
    reviewed_at      date NOT NULL,
    reviewer         text NOT NULL,
    result           text NOT NULL CHECK (result IN ('effective', 'partially-effective',
                         'ineffective')),
    notes            text,
    next_review_due  date,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id)
);
CREATE INDEX control_review_control ON annexa.control_review (org_id, framework_id, control, reviewed_at);
CREATE INDEX control_review_date ON annexa.control_review (org_id, reviewed_at, id);

-- Review triggers of the domain source, and the changes clause 9.3 asks about.
CREATE TABLE annexa.change_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    occurred_at   date NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('scope', 'service', 'supplier', 'risk',
                      'architecture', 'responsibility-boundary', 'external-issue',
                      'internal-issue', 'interested-party')),
    description   text NOT NULL,
    framework_id  annexa.ident,
    control       annexa.ident,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((framework_id IS NULL) = (control IS NULL)),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id)
);
CREATE INDEX change_event_org ON annexa.change_event (org_id, occurred_at);

CREATE TABLE annexa.risk (
    org_id               annexa.ident NOT NULL REFERENCES annexa.org (id),
    id                   annexa.ident NOT NULL,
    title                text NOT NULL,
    owner                text,
    likelihood           smallint NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact               smallint NOT NULL CHECK (impact BETWEEN 1 AND 5),
    treatment            text NOT NULL CHECK (treatment IN ('modify', 'retain', 'avoid', 'share')),
    treatment_plan       text,
    status               text NOT NULL CHECK (status IN ('open', 'treated', 'accepted', 'closed')),
    residual_likelihood  smallint CHECK (residual_likelihood BETWEEN 1 AND 5),
    residual_impact      smallint CHECK (residual_impact BETWEEN 1 AND 5),
    assessed_at          date NOT NULL,
    PRIMARY KEY (org_id, id)
);

-- The risk -> treatment choice -> SoA entry links of the traceability chain.
CREATE TABLE annexa.risk_control (
    org_id        annexa.ident NOT NULL,
    risk          annexa.ident NOT NULL,
    framework_id  annexa.ident NOT NULL,
    control       annexa.ident NOT NULL,
    PRIMARY KEY (org_id, risk, framework_id, control),
    FOREIGN KEY (org_id, risk) REFERENCES annexa.risk (org_id, id),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id)
);

CREATE TABLE annexa.objective (
    org_id       annexa.ident NOT NULL REFERENCES annexa.org (id),
    id           annexa.ident NOT NULL,
    title        text NOT NULL,
    measure      text,
    target       text,
    value        text,
    measured_at  date,
    status       text NOT NULL CHECK (status IN ('met', 'not-met', 'in-progress')),
    PRIMARY KEY (org_id, id)
);

CREATE TABLE annexa.feedback (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       annexa.ident NOT NULL REFERENCES annexa.org (id),
    received_at  date NOT NULL,
    party        text NOT NULL CHECK (party IN ('customer', 'regulator', 'supplier',
                     'staff', 'auditor', 'other')),
    summary      text NOT NULL,
    response     text
);
CREATE INDEX feedback_org ON annexa.feedback (org_id, received_at);

CREATE TABLE annexa.exception (
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    id            annexa.ident NOT NULL,
    framework_id  annexa.ident NOT NULL,
    control       annexa.ident NOT NULL,
    description   text NOT NULL,
    accepted_by   text,
    approved_at   date,
    expires_at    date,
    status        text NOT NULL CHECK (status IN ('open', 'closed', 'revoked')),
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id)
);

CREATE TABLE annexa.finding (
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    id            annexa.ident NOT NULL,
    framework_id  annexa.ident,
    control       annexa.ident,
    source        text NOT NULL CHECK (source IN ('internal-audit', 'external-audit',
                      'review', 'incident', 'customer')),
    severity      text NOT NULL CHECK (severity IN ('major', 'minor', 'observation')),
    description   text NOT NULL,
    raised_at     date NOT NULL,
    owner         text,
    due_at        date,
    closed_at     date,
    root_cause    text,
    PRIMARY KEY (org_id, id),
    CHECK ((framework_id IS NULL) = (control IS NULL)),
    FOREIGN KEY (framework_id, control) REFERENCES annexa.control (framework_id, control_id)
);

CREATE TABLE annexa.corrective_action (
    org_id                    annexa.ident NOT NULL,
    id                        annexa.ident NOT NULL,
    finding                   annexa.ident NOT NULL,
    description               text NOT NULL,
    owner                     text,
    due_at                    date,
    completed_at              date,
    effectiveness_checked_at  date,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, finding) REFERENCES annexa.finding (org_id, id)
);

CREATE TABLE annexa.management_review (
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    id            annexa.ident NOT NULL,
    held_at       date NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL CHECK (period_end >= period_start),
    chair         text,
    attendees     text,
    summary       text,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE annexa.management_review_item (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id     annexa.ident NOT NULL,
    review     annexa.ident NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('decision', 'action')),
    text       text NOT NULL,
    owner      text,
    due_at     date,
    status     text NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
    closed_at  date,
    FOREIGN KEY (org_id, review) REFERENCES annexa.management_review (org_id, id)
);

-- Service tables.

CREATE TABLE annexa.report_schedule (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       annexa.ident NOT NULL REFERENCES annexa.org (id),
    kind         text NOT NULL CHECK (kind IN ('management-review', 'gap', 'comparison',
                     'soa', 'traceability')),
    params       jsonb NOT NULL DEFAULT '{}',
    frequency    text NOT NULL CHECK (frequency IN ('weekly', 'monthly', 'quarterly', 'yearly')),
    next_due_at  timestamptz NOT NULL,
    enabled      boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_schedule_due ON annexa.report_schedule (next_due_at) WHERE enabled;

CREATE TABLE annexa.report_run (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id              annexa.ident NOT NULL REFERENCES annexa.org (id),
    kind                text NOT NULL,
    params              jsonb NOT NULL DEFAULT '{}',
    schedule_id         bigint REFERENCES annexa.report_schedule (id),
    period_key          text,
    status              text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    trigger             text NOT NULL CHECK (trigger IN ('api', 'cli', 'schedule')),
    attempts            integer NOT NULL DEFAULT 1,
    lease_until         timestamptz,
    started_at          timestamptz NOT NULL DEFAULT now(),
    finished_at         timestamptz,
    generate_ms         double precision,
    sign_ms             double precision,
    pages               integer,
    bytes               bigint,
    sha256              text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    pdf                 bytea,
    signer_fingerprint  text,
    error               text,
    UNIQUE (schedule_id, period_key)
);
CREATE INDEX report_run_org ON annexa.report_run (org_id, started_at DESC);
CREATE INDEX report_run_sha ON annexa.report_run (sha256);

CREATE TABLE annexa.api_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    org_id        annexa.ident REFERENCES annexa.org (id),
    role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    label         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz
);

CREATE TABLE annexa.audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    token_id  bigint REFERENCES annexa.api_token (id),
    org_id    annexa.ident,
    action    text NOT NULL,
    detail    jsonb
);
