import Foundation

/// The schema text edits migrations make by SQLite's procedure (`Register.rewriteChecks`).
extension Schema {
    /// Every column that refers to a table of its values: (table, column, values' table).
    static let referenceColumns = checkedColumnsOfV12 + [("customer", "customer_type", "customer_type"),
                                                          ("customer_contact", "kind", "contact_detail_kind"), ("customer_contact", "label", "contact_label"),
                                                          ("order_change", "field", "order_field"), ("order_change", "action", "order_action")]

    /// The columns whose listed values v12 moved into tables (fixed, as the migration is).
    static let checkedColumnsOfV12: [(table: String, column: String, values: String)] = [
        ("consent_event", "kind", "consent_kind"), ("customer", "kind", "customer_kind"),
        ("customer", "preferred_channel", "preferred_channel"), ("customer_link", "kind", "link_kind"),
        ("customer_order", "status", "order_status"), ("contact_event", "channel", "contact_channel"),
        ("request", "type", "request_type"), ("campaign", "channel", "campaign_channel"), ("campaign", "purpose", "campaign_purpose"),
    ]

    /// A table's SQL with each listed check of a `referenceColumns` column (`CHECK ((x = 'a'
    /// OR x = 'b' …))`, as v7 left it) replaced by a reference to the table of its values.
    static func referencesInsteadOfChecks(_ sql: String) -> String {
        guard let table = sql.firstMatch(of: /^CREATE TABLE "?(\w+)"?/)?.output.1 else { return sql }
        var sql = sql
        for (owner, column, values) in checkedColumnsOfV12 where owner == table {
            let list = "\(column) = '[a-z_]+'(?: OR \(column) = '[a-z_]+')*"
            // `CHECK ((list))` as v7 rewrote it, or `CHECK (list)` as v10 wrote it.
            let check = try! Regex("CHECK (?:\\(\\(\(list)\\)\\)|\\(\(list)\\))")
            sql = sql.replacing(check, with: "REFERENCES \(values)(name)")
        }
        return sql
    }

    /// `sql` with each `CHECK`-style `name IN ('a', 'b', …)` of three or more quoted values
    /// written as `(name = 'a' OR name = 'b' OR …)`: the same rule, checked without building
    /// a list each time a row is written. Lists of one or two, and numbers, stay as they are
    /// (SQLite compares those directly).
    static func checksWithoutLists(_ sql: String) -> String {
        sql.replacing(/(\w+) IN \(('[a-z_]*'(?:\s*,\s*'[a-z_]*'){2,})\)/) { match in
            let column = match.output.1
            let values = match.output.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return "(" + values.map { "\(column) = \($0)" }.joined(separator: " OR ") + ")"
        }
    }
}
