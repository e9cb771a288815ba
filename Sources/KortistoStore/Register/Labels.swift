import KortistoCore

/// Who goes on a label sheet, and how many were left out for each reason (never who).
public struct LabelSelection: Sendable {
    public var customers: [Customer]
    public var excluded: [LabelExclusion: Int]
}

extension Register {
    /// Customers matching `query` and `filter` that the label rules let through for `purpose`,
    /// sorted by postcode (bulk-mail discounts need it) or by name.
    public func labelSelection(matching query: SearchQuery, purpose: LabelPurpose, sortByPostcode: Bool,
                               filter: (Customer) -> Bool = { _ in true }) throws -> LabelSelection {
        var included: [Customer] = []
        var excluded: [LabelExclusion: Int] = [:]
        // A business contact without an address of their own is reached at their organisation's.
        let organisations = Dictionary(uniqueKeysWithValues: try organisations().map { ($0.id, $0) })
        try forEachCustomer(matching: query) { found in
            guard filter(found) else { return }
            let customer = LabelRules.addressed(found, organisation: found.organisationID.flatMap { organisations[$0] })
            if let reason = LabelRules.exclusion(customer, purpose: purpose) {
                excluded[reason, default: 0] += 1
            } else {
                included.append(customer)
            }
        }
        if sortByPostcode {
            // Name order is kept within a postcode (the list arrives in name order; the sort is stable).
            included = included.enumerated().sorted { ($0.element.country, $0.element.postcode ?? "", $0.offset) < ($1.element.country, $1.element.postcode ?? "", $1.offset) }.map(\.element)
        }
        return LabelSelection(customers: included, excluded: excluded)
    }
}
