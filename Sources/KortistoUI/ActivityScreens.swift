import KortistoCore
import TUIKit

extension App {
    /// `t`: the customer's tags as one comma-separated field.
    mutating func openTagsForm(for customer: Customer) {
        if let reason = customer.restrictionReason {
            message = (strings("message.restricted", reason), true)
            return
        }
        let value = customer.tags.joined(separator: ", ")
        let field = FormState.Field(key: "tags", field: TextField(value, maxLength: 500), original: value)
        stack.append(.form(FormState(kind: .tags(customer: customer), title: strings("form.tags", customer.fullName), fields: [field])))
    }

    /// `v`: events and trainings, newest first (the command line adds and fills them).
    mutating func openEvents() {
        do {
            let events = try data.events(limit: 1000)
            var lines = events.isEmpty ? [strings["events.none"]] : []
            for (event, people) in events {
                let kind = strings["events.kind.\(event.kind.rawValue)"]
                lines.append("\(event.date.finnish)  \(event.name)  · \(kind)" + (event.place.map { " · \($0)" } ?? "") + "  " + strings("events.people", people))
            }
            lines += ["", strings["events.hint"]]
            stack.append(.text(TextViewState(title: strings["events.title"], lines: lines)))
        } catch { report(error) }
    }
}
