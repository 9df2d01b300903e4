#include "store/notification_repository.h"

#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kChannelColumns =
    "id, org_id, project_id, kind, name, url, settings, secret_sealed, events, "
    "violations_per_hour, enabled, created_by, created_at, updated_at";

ChannelRecord ReadChannel(const Row& row) {
  return {row.Text(0),      row.Text(1),  row.Text(2), row.Text(3), row.Text(4),
          row.Text(5),      row.Text(6),  row.Text(7), row.Text(8), row.Int(9),
          row.Int(10) != 0, row.Text(11), row.Int(12), row.Int(13)};
}

constexpr std::string_view kNotificationColumns =
    "id, channel_id, org_id, project_id, seq, event_id, event_type, payload, status, attempts, "
    "next_attempt_at, last_status, last_error, created_at, delivered_at";

NotificationRecord ReadNotification(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2),  row.Text(3), row.Int(4),
          row.Text(5), row.Text(6), row.Text(7),  row.Text(8), row.Int(9),
          row.Int(10), row.Int(11), row.Text(12), row.Int(13), row.OptionalInt(14)};
}

}  // namespace

absl::StatusOr<EventNames> NotificationRepository::Names(std::string_view project_id,
                                                         std::string_view partner_org_id,
                                                         std::string_view environment_id) {
  EventNames names;
  auto one = [&](std::string_view sql, std::string_view id) -> absl::StatusOr<std::string> {
    if (id.empty()) return std::string();
    ASSIGN_OR_RETURN(auto rows, db_.Query(sql, {std::string(id)}));
    return rows.empty() ? std::string() : rows[0].Text(0);
  };
  ASSIGN_OR_RETURN(names.project, one("SELECT name FROM projects WHERE id = ?", project_id));
  ASSIGN_OR_RETURN(names.partner, one("SELECT name FROM orgs WHERE id = ?", partner_org_id));
  ASSIGN_OR_RETURN(names.environment,
                   one("SELECT name FROM environments WHERE id = ?", environment_id));
  return names;
}

absl::Status NotificationRepository::InsertChannel(const ChannelRecord& c) {
  return db_
      .Execute(StrCat("INSERT INTO notification_channels (", kChannelColumns,
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
               {c.id, c.org_id, c.project_id, c.kind, c.name, c.url, c.settings, c.secret_sealed,
                c.events, c.violations_per_hour, std::int64_t{c.enabled}, c.created_by,
                c.created_at, c.updated_at})
      .status();
}

absl::Status NotificationRepository::UpdateChannel(const ChannelRecord& c) {
  return db_
      .Execute(
          "UPDATE notification_channels SET name = ?, url = ?, settings = ?, secret_sealed = ?, "
          "events = ?, violations_per_hour = ?, enabled = ?, updated_at = ? WHERE id = ?",
          {c.name, c.url, c.settings, c.secret_sealed, c.events, c.violations_per_hour,
           std::int64_t{c.enabled}, c.updated_at, c.id})
      .status();
}

absl::StatusOr<ChannelRecord> NotificationRepository::GetChannel(const Scope& scope,
                                                                 std::string_view project_id,
                                                                 std::string_view channel_id) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(StrCat("SELECT ", kChannelColumns,
                                    " FROM notification_channels WHERE id = ? AND "
                                    "project_id = ? AND org_id = ?"),
                             {std::string(channel_id), std::string(project_id), scope.org_id}));
  if (rows.empty()) return absl::NotFoundError("no such notification channel");
  return ReadChannel(rows[0]);
}

absl::StatusOr<std::optional<ChannelRecord>> NotificationRepository::FindChannel(
    std::string_view channel_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kChannelColumns,
                                               " FROM notification_channels WHERE id = ?"),
                                        {std::string(channel_id)}));
  if (rows.empty()) return std::optional<ChannelRecord>();
  return std::optional<ChannelRecord>(ReadChannel(rows[0]));
}

absl::StatusOr<std::vector<ChannelRecord>> NotificationRepository::ListChannels(
    std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kChannelColumns,
                                               " FROM notification_channels WHERE project_id = ? "
                                               "ORDER BY created_at, id"),
                                        {std::string(project_id)}));
  std::vector<ChannelRecord> channels;
  for (const auto& row : rows) channels.push_back(ReadChannel(row));
  return channels;
}

absl::StatusOr<std::vector<ChannelRecord>> NotificationRepository::ViolationChannels() {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kChannelColumns,
                                               " FROM notification_channels WHERE enabled = 1 "
                                               "AND violations_per_hour > 0 AND events LIKE ?"),
                                        {std::string("%\"traces.violations\"%")}));
  std::vector<ChannelRecord> channels;
  for (const auto& row : rows) channels.push_back(ReadChannel(row));
  return channels;
}

absl::StatusOr<std::optional<std::int64_t>> NotificationRepository::LastQueued(
    std::string_view channel_id, std::string_view event_type) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT MAX(created_at) FROM notifications WHERE "
                                        "channel_id = ? AND event_type = ?",
                                        {std::string(channel_id), std::string(event_type)}));
  if (rows.empty()) return std::optional<std::int64_t>();
  return rows[0].OptionalInt(0);
}

absl::Status NotificationRepository::DeleteChannel(std::string_view channel_id) {
  RETURN_IF_ERROR(
      db_.Execute("DELETE FROM notifications WHERE channel_id = ? AND status = 'pending'",
                  {std::string(channel_id)})
          .status());
  return db_.Execute("DELETE FROM notification_channels WHERE id = ?", {std::string(channel_id)})
      .status();
}

absl::Status NotificationRepository::Enqueue(NotificationRecord n) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT MAX(seq) FROM notifications WHERE channel_id = ?",
                                        {n.channel_id}));
  n.seq = rows.empty() || !rows[0].OptionalInt(0) ? 1 : *rows[0].OptionalInt(0) + 1;
  return db_
      .Execute(StrCat("INSERT INTO notifications (", kNotificationColumns,
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"),
               {n.id, n.channel_id, n.org_id, n.project_id, n.seq, n.event_id, n.event_type,
                n.payload, std::string("pending"), std::int64_t{0}, n.next_attempt_at,
                std::int64_t{0}, std::string(), n.created_at})
      .status();
}

absl::StatusOr<std::vector<NotificationRecord>> NotificationRepository::PendingHeads(
    std::int64_t limit) {
  ASSIGN_OR_RETURN(auto heads, db_.Query("SELECT channel_id, MIN(seq) FROM notifications WHERE "
                                         "status = 'pending' GROUP BY channel_id LIMIT ?",
                                         {limit}));
  std::vector<NotificationRecord> out;
  for (const auto& head : heads) {
    ASSIGN_OR_RETURN(auto rows, PendingFrom(head.Text(0), head.Int(1), 1));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

absl::StatusOr<std::vector<NotificationRecord>> NotificationRepository::PendingFrom(
    std::string_view channel_id, std::int64_t seq, std::int64_t limit) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(StrCat("SELECT ", kNotificationColumns,
                                    " FROM notifications WHERE channel_id = ? AND "
                                    "status = 'pending' AND seq >= ? ORDER BY seq LIMIT ?"),
                             {std::string(channel_id), seq, limit}));
  std::vector<NotificationRecord> out;
  for (const auto& row : rows) out.push_back(ReadNotification(row));
  return out;
}

absl::Status NotificationRepository::MarkDelivered(std::string_view id, std::int64_t status,
                                                   std::int64_t now) {
  return db_
      .Execute(
          "UPDATE notifications SET status = 'delivered', attempts = attempts + 1, "
          "last_status = ?, last_error = '', delivered_at = ? WHERE id = ?",
          {status, now, std::string(id)})
      .status();
}

absl::Status NotificationRepository::MarkFailed(std::string_view id, std::int64_t attempts,
                                                std::int64_t status, const std::string& error,
                                                std::int64_t next_attempt_at, bool dead) {
  return db_
      .Execute(
          "UPDATE notifications SET status = ?, attempts = ?, last_status = ?, last_error = ?, "
          "next_attempt_at = ? WHERE id = ?",
          {std::string(dead ? "dead" : "pending"), attempts, status, error, next_attempt_at,
           std::string(id)})
      .status();
}

absl::Status NotificationRepository::Replay(std::string_view project_id, std::string_view id,
                                            std::int64_t now) {
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("UPDATE notifications SET status = 'pending', attempts = 0, "
                               "next_attempt_at = ? WHERE id = ? AND project_id = ? AND "
                               "status = 'dead'",
                               {now, std::string(id), std::string(project_id)}));
  if (changed == 0) return absl::NotFoundError("no dead notification with that id");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<NotificationRecord>> NotificationRepository::GetNotification(
    std::string_view project_id, std::string_view id) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(StrCat("SELECT ", kNotificationColumns,
                                    " FROM notifications WHERE id = ? AND project_id = ?"),
                             {std::string(id), std::string(project_id)}));
  if (rows.empty()) return std::optional<NotificationRecord>();
  return std::optional<NotificationRecord>(ReadNotification(rows[0]));
}

absl::StatusOr<Page<NotificationRecord>> NotificationRepository::ListNotifications(
    std::string_view project_id, std::string_view status, const PageRequest& page) {
  std::string sql =
      StrCat("SELECT ", kNotificationColumns, " FROM notifications WHERE project_id = ?");
  std::vector<SqlValue> params{std::string(project_id)};
  if (!status.empty()) {
    sql += " AND status = ?";
    params.emplace_back(std::string(status));
  }
  AppendPageClause(page, "", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<NotificationRecord>(rows, page, ReadNotification);
}

}  // namespace icopilot::store
