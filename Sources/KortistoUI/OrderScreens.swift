import KortistoCore
import TUIKit

/// Correcting an order and marking it paid from the card: each a form, so nothing changes
/// without the person seeing what and saying so (Ctrl-S or Enter on the last field).
extension ScreenContext {
    /// `P` on a card: the payment date (today unless changed), then saved.
    func openPayForm(_ order: Order) -> [Effect] {
        switch order.status {
        case .paid: return [.warn(strings("message.already_paid", order.description, order.paidDate?.finnish ?? ""))]
        case .cancelled: return [.warn(strings("message.cancelled_order", order.description))]
        default: break
        }
        let fields = FormState.fields(["paid_date"], defaults: ["paid_date": today.finnish], maxLength: 20)
        let title = strings("form.pay", order.description, Money.display(cents: order.amountCents))
        return [.push(.form(FormState(kind: .pay(order: order), title: title, fields: fields) { context, form, _ in
            try context.submitPay(&form, order: order)
        }))]
    }

    func submitPay(_ form: inout FormState, order: Order) throws -> [Effect] {
        let day: LocalDate
        do throws(FieldError) {
            guard let paid = try DateInput.past(form.value("paid_date") ?? "", field: "paid_date", today: today) else {
                throw FieldError("paid_date", "is required")
            }
            day = paid
        } catch { throw ValidationErrors([error]) }
        // Paid or cancelled meanwhile (another window, the command line): said in this card's words.
        if let current = try data.order(order.id), current.status != order.status {
            return [.pop, .warn(current.status == .paid ? strings("message.already_paid", order.description, current.paidDate?.finnish ?? "")
                                                        : strings("message.cancelled_order", order.description)), .refresh]
        }
        try data.payOrder(order.id, on: day, recordedOn: today)
        return [.pop, .say(strings("message.order_paid", order.description, day.finnish)), .refresh]
    }

    /// `O` on a card: the selected order's values to correct; the status field also cancels
    /// it or takes a payment back.
    func openOrderEditForm(_ order: Order) -> [Effect] {
        let values = orderValues(order)
        var fields = FormState.fields(OrderEditKeys.all, defaults: values, maxLength: 500)
        fields[OrderEditKeys.all.firstIndex(of: "due")!].resolve = FormState.date("due", aheadOf: ["invoice_date", "date"])
        return [.push(.form(FormState(kind: .orderEdit(order: order), title: strings("form.edit_order", order.description), fields: fields) {
            context, form, overwrite in try context.submitOrderEdit(&form, overwrite: overwrite)
        }))]
    }

    /// An order's values as a person would type them back.
    func orderValues(_ order: Order) -> [String: String] {
        ["description": order.description, "amount": Money.decimal(cents: order.amountCents).replacingOccurrences(of: ".", with: ","),
         "date": order.date.finnish, "status": strings.status(order.status), "invoice": order.invoiceNumber ?? "",
         "invoice_date": order.invoiceDate?.finnish ?? "", "due": order.dueDate?.finnish ?? ""]
    }

    func submitOrderEdit(_ form: inout FormState, overwrite: Bool) throws -> [Effect] {
        guard case let .orderEdit(read) = form.kind else { return [] }
        // Only what was changed in the form is given: an untouched field keeps the stored value.
        func typed(_ key: String) -> String? {
            form.fields.first { $0.key == key && $0.field.text != $0.original }?.field.text
        }
        let input = OrderInput(amount: typed("amount"), description: typed("description"), date: typed("date"), status: typed("status"),
                               invoice: typed("invoice"), invoiceDate: typed("invoice_date"), due: typed("due"))
        guard let current = try data.order(read.id) else { return [.pop, .warn(strings["message.order_gone"])] }
        let corrected = try input.edit(overwrite ? current : read, today: today)
        let changes = try data.correctOrder(corrected, on: today, expected: overwrite ? nil : read)
        let said = changes.isEmpty ? strings["message.nothing_changed"]
            : strings("message.order_corrected", corrected.description, changes.map { strings["order_field.\($0.field.rawValue)"] }.joined(separator: ", "))
        return [.pop, .say(said), .refresh]
    }
}

/// The order form's fields, in order (the new-order form has the same but the status).
enum OrderEditKeys {
    static let all = ["description", "amount", "date", "status", "invoice", "invoice_date", "due"]
}
