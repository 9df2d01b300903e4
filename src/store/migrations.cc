#include "store/migrations.h"

#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::store {

// Timestamps are BIGINT milliseconds since the epoch, booleans INTEGER 0/1, ids TEXT:
// the same on SQLite and PostgreSQL. Never edit a released migration; add the next one.
const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "identity and projects",
       {
           R"(CREATE TABLE orgs (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('vendor', 'partner')),
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE users (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX users_org ON users(org_id, created_at)",
           R"(CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT,
                revoked_at BIGINT,
                last_used_at BIGINT))",
           "CREATE INDEX api_keys_org ON api_keys(org_id, created_at)",
           R"(CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL))",
           R"(CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                archived_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX projects_org ON projects(org_id, created_at)",
           R"(CREATE TABLE project_partners (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                invited_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, partner_org_id)))",
           "CREATE INDEX project_partners_partner ON project_partners(partner_org_id)",
           R"(CREATE TABLE audit_events (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                action TEXT NOT NULL,
                target_type TEXT NOT NULL,
                target_id TEXT NOT NULL,
                client_address TEXT NOT NULL,
                request_id TEXT NOT NULL,
                detail TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX audit_events_org ON audit_events(org_id, created_at)",
           R"(CREATE TABLE idempotency_keys (
                caller TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status INTEGER,
                response_sealed TEXT,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (caller, idempotency_key)))",
       }},
      {2,
       "spec versions and hosted mocks",
       {
           R"(CREATE TABLE spec_versions (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                label TEXT NOT NULL,
                title TEXT NOT NULL,
                openapi_version TEXT NOT NULL,
                operation_count INTEGER NOT NULL,
                base_path TEXT NOT NULL,
                document TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX spec_versions_project ON spec_versions(project_id, created_at)",
           R"(CREATE TABLE mocks (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                spec_version_id TEXT NOT NULL REFERENCES spec_versions(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                config TEXT NOT NULL,
                credentials_sealed TEXT NOT NULL,
                port INTEGER,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX mocks_project ON mocks(project_id, created_at)",
           "CREATE UNIQUE INDEX mocks_port ON mocks(port)",
       }},
      {3,
       "golden suite: environments, profiles, runs",
       {
           "ALTER TABLE spec_versions ADD COLUMN profile TEXT NOT NULL DEFAULT '{}'",
           R"(CREATE TABLE environments (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                base_url TEXT NOT NULL,
                verify_tls INTEGER NOT NULL,
                timeout_ms INTEGER NOT NULL,
                settings_sealed TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE UNIQUE INDEX environments_name ON environments(project_id, name)",
           R"(CREATE TABLE environment_credentials (
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                credentials_sealed TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (environment_id, partner_org_id)))",
           R"(CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                spec_version_id TEXT NOT NULL REFERENCES spec_versions(id) ON DELETE CASCADE,
                environment_id TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                requester_org_id TEXT NOT NULL,
                status TEXT NOT NULL,
                options TEXT NOT NULL,
                summary TEXT NOT NULL,
                passed INTEGER,
                error TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT))",
           "CREATE INDEX runs_project ON runs(project_id, created_at)",
           "CREATE INDEX runs_status ON runs(status, created_at)",
           R"(CREATE TABLE run_cases (
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                case_id TEXT NOT NULL,
                category TEXT NOT NULL,
                operation_id TEXT NOT NULL,
                status TEXT NOT NULL,
                required INTEGER NOT NULL,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                PRIMARY KEY (run_id, position)))",
       }},
      {4,
       "traces: signing secrets, replay guard, traces, settings, proxy credentials",
       {
           "ALTER TABLE environments ADD COLUMN proxy_credentials INTEGER NOT NULL DEFAULT 0",
           R"(CREATE TABLE trace_secrets (
                id TEXT PRIMARY KEY,
                environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                secret_sealed TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT))",
           "CREATE INDEX trace_secrets_environment ON trace_secrets(environment_id, created_at)",
           R"(CREATE TABLE trace_signatures (
                environment_id TEXT NOT NULL,
                signature TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (environment_id, signature)))",
           "CREATE INDEX trace_signatures_expiry ON trace_signatures(expires_at)",
           R"(CREATE TABLE traces (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                environment_id TEXT NOT NULL,
                partner_org_id TEXT NOT NULL,
                source TEXT NOT NULL,
                operation_id TEXT NOT NULL,
                method TEXT NOT NULL,
                status INTEGER NOT NULL,
                violation_count INTEGER NOT NULL,
                violation_keywords TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                received_at BIGINT NOT NULL,
                record TEXT NOT NULL))",
           "CREATE INDEX traces_project ON traces(project_id, created_at, id)",
           "CREATE INDEX traces_partner ON traces(project_id, partner_org_id, created_at)",
           R"(CREATE TABLE trace_settings (
                project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
                settings TEXT NOT NULL,
                updated_at BIGINT NOT NULL))",
       }},
      {5,
       "users: a password someone else chose is replaced at the first sign-in",
       {
           "ALTER TABLE users ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0",
       }},
      {6,
       "trace_daily: calls, errors and violations per project, partner, operation and day, "
       "kept as traces are stored, so the activity reads a few hundred rows, not every trace "
       "(100,000 traces took 800 ms, see bench/portal.py)",
       {
           R"(CREATE TABLE trace_daily (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                operation_id TEXT NOT NULL,
                day BIGINT NOT NULL,
                calls BIGINT NOT NULL,
                errors BIGINT NOT NULL,
                with_violations BIGINT NOT NULL,
                first_at BIGINT NOT NULL,
                first_success_at BIGINT,
                PRIMARY KEY (project_id, partner_org_id, operation_id, day)))",
           "CREATE INDEX trace_daily_day ON trace_daily(project_id, day)",
           R"(INSERT INTO trace_daily (project_id, partner_org_id, operation_id, day, calls, errors,
                                       with_violations, first_at, first_success_at)
              SELECT project_id, partner_org_id, operation_id, created_at / 86400000, COUNT(*),
                     SUM(CASE WHEN status >= 400 OR status = 0 THEN 1 ELSE 0 END),
                     SUM(CASE WHEN violation_count > 0 THEN 1 ELSE 0 END), MIN(created_at),
                     MIN(CASE WHEN status >= 200 AND status < 300 THEN created_at END)
              FROM traces GROUP BY project_id, partner_org_id, operation_id, created_at / 86400000)",
       }},
      {7,
       "annotations: a vendor's notes on an operation, a parameter or a body field, by "
       "operationId and JSON Pointer so that they outlive spec versions",
       {
           R"(CREATE TABLE annotations (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                operation_id TEXT NOT NULL,
                pointer TEXT NOT NULL,
                kind TEXT NOT NULL,
                message TEXT NOT NULL,
                link TEXT NOT NULL,
                condition TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX annotations_operation ON annotations(project_id, operation_id)",
           "CREATE INDEX annotations_project ON annotations(project_id, created_at, id)",
       }},
      {8,
       "saved_cases: requests a partner saved from the playground with what their answers "
       "must be, run with the golden suite as the partner's own group; an empty "
       "partner_org_id is a case for every partner of the project",
       {
           R"(CREATE TABLE saved_cases (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                promoted_from TEXT NOT NULL,
                operation_id TEXT NOT NULL,
                name TEXT NOT NULL,
                request TEXT NOT NULL,
                expected_status INTEGER NOT NULL,
                checks TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX saved_cases_project ON saved_cases(project_id, partner_org_id, "
           "created_at, id)",
       }},
      {9,
       "plan boards: the vendor's template per project, each partner's items (decided by hand "
       "or by evidence, with the evidence that moved them), their history and comments, and "
       "the annotations a partner acknowledged",
       {
           R"(CREATE TABLE plan_templates (
                project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
                template TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE plan_items (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                phase INTEGER NOT NULL,
                phase_name TEXT NOT NULL,
                position INTEGER NOT NULL,
                item_key TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                owner_side TEXT NOT NULL CHECK (owner_side IN ('vendor', 'partner')),
                assignee TEXT NOT NULL,
                due_at BIGINT,
                rule TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'done')),
                decided_by TEXT NOT NULL,
                evidence TEXT NOT NULL,
                links TEXT NOT NULL,
                completed_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX plan_items_board ON plan_items(project_id, partner_org_id, phase, "
           "position)",
           // A board is seeded once: two evidence arrivals racing to seed it cannot both.
           "CREATE UNIQUE INDEX plan_items_key ON plan_items(project_id, partner_org_id, "
           "item_key) WHERE item_key <> ''",
           R"(CREATE TABLE plan_events (
                id TEXT PRIMARY KEY,
                item_id TEXT NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL,
                partner_org_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                actor_org_id TEXT NOT NULL,
                message TEXT NOT NULL,
                evidence TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX plan_events_item ON plan_events(item_id, created_at, id)",
           "CREATE INDEX plan_events_board ON plan_events(project_id, partner_org_id, "
           "created_at)",
           // A partner's finished runs in one environment, newest first: what a board's
           // golden rules read each time one of its runs finishes.
           "CREATE INDEX runs_requester ON runs(project_id, requester_org_id, environment_id, "
           "finished_at)",
           R"(CREATE TABLE annotation_acks (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
                acknowledged_by TEXT NOT NULL,
                acknowledged_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, partner_org_id, annotation_id)))",
       }},
      {10,
       "certificates: the server's signing keys (secret halves sealed) and each certificate "
       "as signed, marked stale later, never rewritten",
       {
           R"(CREATE TABLE signing_keys (
                id TEXT PRIMARY KEY,
                public_key TEXT NOT NULL,
                secret_sealed TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE certificates (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                environment_id TEXT NOT NULL,
                environment_name TEXT NOT NULL,
                spec_version_id TEXT NOT NULL,
                run_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                document TEXT NOT NULL,
                issued_by TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                stale_at BIGINT,
                stale_reason TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX certificates_partner ON certificates(project_id, partner_org_id, "
           "issued_at)",
       }},
      {11,
       "traces by partner and environment in time order: a board's evidence (first success, "
       "latest traces) reads its partner's traces, not the whole project's",
       {
           // Without `id` in the index, ORDER BY created_at, id made SQLite prefer walking
           // the project's whole index (measured: 1,000 traces ingested took 5 s at 200k).
           "DROP INDEX traces_partner",
           "CREATE INDEX traces_partner ON traces(project_id, partner_org_id, created_at, id)",
           "CREATE INDEX traces_partner_environment ON traces(project_id, partner_org_id, "
           "environment_id, created_at, id)",
       }},
      {12,
       "the assistant: a full-text index (FTS5, BM25) per project over its operations, "
       "schemas, notes and earlier answers, and the questions asked with their answers",
       {
           // partner_org_id is "" for what every partner of the project may read, else the
           // one partner an earlier answer belongs to.
           // SQLite's FTS5 table (BM25 ranking, Porter stemming) against PostgreSQL's
           // tsvector with a GIN index (ts_rank, English stemming); see AssistantRepository.
           {R"(CREATE VIRTUAL TABLE assistant_passages USING fts5(
                title, body, project_id UNINDEXED, partner_org_id UNINDEXED, kind UNINDEXED,
                ref UNINDEXED, tokenize = 'porter unicode61'))",
            R"(CREATE TABLE assistant_passages (
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                ref TEXT NOT NULL,
                document tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', title), 'A') ||
                  setweight(to_tsvector('english', body), 'B')) STORED))"},
           {"",
            "CREATE INDEX assistant_passages_document ON assistant_passages USING GIN (document)"},
           {"", "CREATE INDEX assistant_passages_project ON assistant_passages(project_id)"},
           R"(CREATE TABLE assistant_index (
                project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
                stamp TEXT NOT NULL,
                updated_at BIGINT NOT NULL))",
           // A virtual table takes no foreign key: SQLite deletes a project's passages with
           // a trigger, PostgreSQL with the foreign key's cascade above.
           {R"(CREATE TRIGGER assistant_passages_project_deleted AFTER DELETE ON projects
              BEGIN DELETE FROM assistant_passages WHERE project_id = old.id; END)",
            ""},
           R"(CREATE TABLE assistant_questions (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                partner_org_id TEXT NOT NULL,
                asked_by TEXT NOT NULL,
                question TEXT NOT NULL,
                about_kind TEXT NOT NULL DEFAULT '',
                about_id TEXT NOT NULL DEFAULT '',
                intent TEXT NOT NULL,
                answer TEXT NOT NULL,
                answered_by TEXT NOT NULL,
                grounded INTEGER NOT NULL,
                citations INTEGER NOT NULL,
                dropped_citations INTEGER NOT NULL DEFAULT 0,
                helpful INTEGER,
                feedback TEXT NOT NULL DEFAULT '',
                model_error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL))",
           // The vendor's language model, if any: an OpenAI-compatible endpoint, its key sealed.
           R"(CREATE TABLE assistant_models (
                org_id TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
                base_url TEXT NOT NULL,
                model TEXT NOT NULL,
                api_key_sealed TEXT NOT NULL DEFAULT '',
                timeout_ms BIGINT NOT NULL,
                stream INTEGER NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX assistant_questions_partner ON assistant_questions(project_id, "
           "partner_org_id, created_at)",
       }},
      {13,
       "notifications: channels a vendor points at Slack, Jira or its own webhooks, and the "
       "outbox every notification is written to with the event that causes it",
       {
           R"(CREATE TABLE notification_channels (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                project_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                url TEXT NOT NULL,
                settings TEXT NOT NULL,
                secret_sealed TEXT NOT NULL DEFAULT '',
                events TEXT NOT NULL,
                violations_per_hour BIGINT NOT NULL DEFAULT 0,
                enabled INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX notification_channels_project ON notification_channels(project_id)",
           R"(CREATE TABLE notifications (
                id TEXT PRIMARY KEY,
                channel_id TEXT NOT NULL,
                org_id TEXT NOT NULL,
                project_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                event_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                last_status BIGINT NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                delivered_at BIGINT))",
           "CREATE UNIQUE INDEX notifications_channel_seq ON notifications(channel_id, seq)",
           "CREATE INDEX notifications_pending ON notifications(status, channel_id, seq)",
           "CREATE INDEX notifications_project ON notifications(project_id, created_at)",
       }},
      {14,
       "spec drift: which partners a new version's breaking changes touch, kept per version; "
       "partners' traces by operation, for finding them fast",
       {
           "CREATE INDEX traces_operation ON traces(project_id, operation_id, partner_org_id, "
           "created_at)",
           R"(CREATE TABLE spec_drift (
                version_id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                previous_version_id TEXT NOT NULL,
                report TEXT NOT NULL,
                breaking BIGINT NOT NULL,
                partners BIGINT NOT NULL,
                created_at BIGINT NOT NULL))",
           // Versions stored before drift was reported count as reported: an upgrade does
           // not alert on history.
           "INSERT INTO spec_drift (version_id, project_id, previous_version_id, report, "
           "breaking, partners, created_at) SELECT id, project_id, '', '{}', 0, 0, created_at "
           "FROM spec_versions",
       }},
      {15,
       "runs are leased: the instance running one renews its lease, and when it stops (killed, "
       "or stopping) another instance, or this one restarted, takes the run over",
       {
           // Expand only: a binary from before ignores these columns.
           "ALTER TABLE runs ADD COLUMN lease_owner TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE runs ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0",
           "ALTER TABLE runs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0",
       }},
      {16,
       "named leases on background work one instance at a time may do (a notification "
       "channel's deliveries)",
       {
           R"(CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                until_ms BIGINT NOT NULL))",
       }},
      {17,
       "sign-in through an org's OpenID Connect provider: its settings, the email domains it "
       "vouches for (one org each), sign-ins in flight and the provider's accounts linked to "
       "users",
       {
           R"(CREATE TABLE sso_providers (
                org_id TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
                preset TEXT NOT NULL,
                issuer TEXT NOT NULL,
                client_id TEXT NOT NULL,
                client_secret TEXT NOT NULL,
                role_claim TEXT NOT NULL,
                default_role TEXT NOT NULL,
                password_sign_in INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE sso_domains (
                domain TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE))",
           "CREATE INDEX sso_domains_org ON sso_domains(org_id)",
           R"(CREATE TABLE sso_states (
                state_hash TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                nonce TEXT NOT NULL,
                code_verifier TEXT NOT NULL,
                binding_hash TEXT NOT NULL,
                return_to TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL))",
           R"(CREATE TABLE sso_identities (
                issuer TEXT NOT NULL,
                subject TEXT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (issuer, subject)))",
       }},
      {18,
       "rolling upgrades: each applied migration records the oldest binary it leaves working",
       {
           "ALTER TABLE schema_migrations ADD COLUMN oldest_reader INTEGER NOT NULL DEFAULT 0",
       }},
  };
  return migrations;
}

namespace {

absl::StatusOr<int> CurrentVersion(SqlExecutor& db) {
  ASSIGN_OR_RETURN(auto rows, db.Query("SELECT MAX(version) FROM schema_migrations", {}));
  return rows.empty() ? 0 : static_cast<int>(rows[0].Int(0));
}

int NewestKnown() { return AllMigrations().back().version; }

// A database at `current`, ahead of this binary: usable unless a migration applied past
// what this binary knows removed something it still uses.
absl::Status CheckNewerSchemaReadable(SqlExecutor& db, int current) {
  ASSIGN_OR_RETURN(auto rows, db.Query("SELECT MAX(oldest_reader) FROM schema_migrations", {}));
  const int oldest_reader = rows.empty() ? 0 : static_cast<int>(rows[0].Int(0));
  if (oldest_reader <= NewestKnown()) return absl::OkStatus();
  return absl::FailedPreconditionError(StrCat(
      "database schema is at version ", current,
      ", migrated by a newer icopilot that removed what this one uses: it needs a "
      "binary with schema version ",
      oldest_reader, " or later, this binary has ", NewestKnown(), " (docs/deploy.md, Upgrades)"));
}

}  // namespace

absl::Status ApplyMigrations(SqlExecutor& db) {
  RETURN_IF_ERROR(db.Execute(R"(CREATE TABLE IF NOT EXISTS schema_migrations (
                                  version INTEGER PRIMARY KEY,
                                  name TEXT NOT NULL,
                                  applied_at BIGINT NOT NULL))",
                             {})
                      .status());
  ASSIGN_OR_RETURN(int current, CurrentVersion(db));
  if (current > NewestKnown()) return CheckNewerSchemaReadable(db, current);
  for (const Migration& migration : AllMigrations()) {
    if (migration.version <= current) continue;
    for (const Statement& statement : migration.statements) {
      const std::string_view sql = statement.For(db.dialect());
      if (sql.empty()) continue;
      auto result = db.Execute(sql, {});
      if (!result.ok()) {
        return absl::Status(result.status().code(),
                            StrCat("migration ", migration.version, " (", migration.name,
                                   "): ", result.status().message()));
      }
    }
    RETURN_IF_ERROR(db.Execute("INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (?, ?, ?)",
                               {std::int64_t{migration.version}, std::string(migration.name),
                                SystemClock().NowMillis()})
                        .status());
    if (migration.oldest_reader > 0) {
      RETURN_IF_ERROR(
          db.Execute("UPDATE schema_migrations SET oldest_reader = ? WHERE version = ?",
                     {std::int64_t{migration.oldest_reader}, std::int64_t{migration.version}})
              .status());
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMigrationsApplied(SqlExecutor& db) {
  ASSIGN_OR_RETURN(int current, CurrentVersion(db));
  if (current > NewestKnown()) return CheckNewerSchemaReadable(db, current);
  if (current < NewestKnown()) {
    return absl::FailedPreconditionError(StrCat("database schema is at version ", current,
                                                ", this binary expects ", NewestKnown(),
                                                ": run `icopilot db migrate`"));
  }
  return absl::OkStatus();
}

}  // namespace icopilot::store
