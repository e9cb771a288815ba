import Foundation

/// What the user typed into search, as folded prefix terms that must all match.
///
/// User input is never syntax: quotes, `-`, `AND` and `*` are just characters, and only letters
/// and digits take part in matching. The store matches each term as a prefix of an indexed term.
public struct SearchQuery: Sendable, Equatable {
    public let terms: [String]

    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        let phoneLike = !digits.isEmpty && digits.count >= 3
            && trimmed.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()./".contains($0) }
        if phoneLike {
            // `040 123 45` and `+358 40` should find a number however it was grouped.
            var normalised = digits
            if trimmed.hasPrefix("00") { normalised = String(digits.dropFirst(2)) }
            terms = [normalised]
        } else {
            // Longest first: the most selective term drives the lookup.
            terms = Array(Set(SearchFolding.terms(trimmed).map { String($0.prefix(SearchTerms.maxTermLength)) }))
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        }
    }

    public var isEmpty: Bool { terms.isEmpty }
}

/// The terms the search index holds for a customer.
public enum SearchTerms {
    public static let maxTermLength = 40

    public static func forCustomer(_ c: Customer) -> Set<String> {
        var terms = Set<String>()
        for text in [c.firstName, c.lastName, c.organisationName, c.email, c.town, c.notes, c.title].compactMap({ $0 }) {
            for term in SearchFolding.terms(text) { terms.insert(String(term.prefix(maxTermLength))) }
        }
        if let phone = c.phone { terms.formUnion(Phone.searchForms(phone)) }
        return terms
    }
}
