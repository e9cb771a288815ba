/// A whole name split into first and last as a person means it: `Meikäläinen, Matti`,
/// `Matti Meikäläinen`, and name particles with the last name (`Anna-Liisa von Schmidt`,
/// `Ludwig van der Berg`, `Carl af Ugglas`).
public enum PersonName {
    /// Lower-case words that begin a last name.
    static let particles: Set<String> = ["von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "af", "av",
                                         "zu", "ten", "ter", "op", "dos", "das", "do", "y", "bin", "ibn", "al", "el"]

    public static func split(_ full: String) -> (first: String, last: String) {
        if let comma = full.firstIndex(of: ",") {
            return (String(full[full.index(after: comma)...]).trimmed, String(full[..<comma]).trimmed)
        }
        let words = full.split(separator: " ").map(String.init)
        guard words.count > 1 else { return ("", words.first ?? "") }
        // The last name starts at the first particle after the first word, else it is the last word.
        let start = words.indices.dropFirst().first { particles.contains(words[$0]) } ?? words.count - 1
        return (words[..<start].joined(separator: " "), words[start...].joined(separator: " "))
    }
}
