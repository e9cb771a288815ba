import KortistoCore

/// A customer with every field filled: each field a person types, with the example its row of
/// `CustomerField` gives. A field added to the table is filled here without a change, so the
/// generic tests over the table see it.
public enum FullCustomer {
    public static var input: CustomerInput {
        var input = CustomerInput()
        for field in CustomerField.allCases {
            if let example = field.spec.example { field.give(example, to: &input) }
        }
        return input
    }

    /// A card UID from elsewhere (a phone), which the store keeps (`keepUID`): nobody types it.
    public static let cardUID = "puhelimen-kortti-1"

    /// The fields the generator fills.
    public static var filled: [CustomerField] { CustomerField.allCases.filter { $0.spec.example != nil } }
}
