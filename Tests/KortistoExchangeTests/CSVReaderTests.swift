import Foundation
import Testing
@testable import KortistoExchange

/// The shared CSV vectors (copied into Fixtures/csv) parse exactly as expected.json says.
@Suite struct CSVReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/csv").path

    struct Expected: Decodable {
        var encoding: String
        var delimiter: String
        var header: [String]
        var rows: [[String]]
    }

    static let expected: [String: Expected] = {
        let data = FileManager.default.contents(atPath: folder + "/expected.json")!
        return try! JSONDecoder().decode([String: Expected].self, from: data)
    }()

    @Test(arguments: expected.keys.sorted())
    func vector(_ name: String) throws {
        let expected = try #require(Self.expected[name])
        let data = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        let table = try CSVReader.read(data)
        #expect(table.encoding == expected.encoding)
        #expect(String(table.delimiter) == expected.delimiter)
        #expect(table.header == expected.header)
        #expect(table.rows == expected.rows)
    }

    @Test func sepLineAndOtherEncodings() throws {
        let sep = try CSVReader.read(Data("sep=|\r\nEtunimi|Sukunimi\r\nAino|Laine\r\n".utf8))
        #expect(sep.delimiter == "|" && sep.rows == [["Aino", "Laine"]])
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("Etunimi;Sukunimi\r\nÅsa;Öhman\r\n".data(using: .utf16LittleEndian)!)
        let table = try CSVReader.read(utf16)
        #expect(table.encoding == "utf-16le" && table.rows == [["Åsa", "Öhman"]])
        // CP850: ä is 0x84, ö 0x94.
        let cp850 = try CSVReader.read(Data("Etunimi;Sukunimi\r\nV".utf8 + [0x84] + Data("in".utf8) + [0x94] + Data(";Laine\r\n".utf8)))
        #expect(cp850.encoding == "cp850" && cp850.rows == [["Väinö", "Laine"]])
    }

    @Test func hostileFilesGiveClearErrors() {
        #expect(throws: CSVReader.ReadError.self) { try CSVReader.read(Data()) }
        #expect(throws: CSVReader.ReadError.self) { try CSVReader.read(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49])) }
        // A truncated quote does not hang or crash: the rest is one field.
        #expect((try? CSVReader.read(Data("a,b\n\"open,1\n2,3".utf8)))?.rows.count == 1)
    }
}

@Suite struct CSVLargeFileTests {
    /// A file of several megabytes is parsed in parts on every core: the parts must give the
    /// very records the whole gives, quotes, delimiters and line breaks inside fields included.
    @Test func aLargeFileParsesTheSameInParts() {
        var text = "first_name;last_name;notes\r\n"
        var i = 0
        while text.utf8.count < 5 << 20 {
            let pad = String(repeating: "x", count: i % 37)
            text += "Äijö\(i);\"Vir;ta\"\"nen\(pad)\";\"rivi 1\nrivi 2\r\n;\"\"lainaus\"\"\"\r\n"
            text += "Sisko\(pad);Häkkinen;\n"
            text += "\"\(pad)\r\n\";;\r"
            i += 1
        }
        let bytes = Array(text.utf8) + [0]
        let whole = CSVReader.records(bytes, from: 0, to: bytes.count - 1, separator: UInt8(ascii: ";"))
        let parts = CSVReader.parse(Substring(text), delimiter: ";")
        #expect(parts.count == whole.count)
        #expect(parts == whole)
        #expect(whole.count == 1 + 3 * i)
    }
}

@Suite struct ColumnMappingTests {
    /// Each field's ordinal is its place among all cases (the mapping's table is indexed by it),
    /// and a mapping changed after it was made answers by its new columns.
    @Test func ordinalsFollowTheCasesAndChangesAreSeen() throws {
        #expect(ImportField.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        var mapping = ColumnMapping(header: ["Etunimi", "Sukunimi", "Muuta"])
        let row = ["Aino", "Äijälä", "040 111 2233"]
        #expect(mapping.value(.firstName, in: row) == "Aino" && mapping.value(.phone, in: row) == nil)
        try mapping.apply("Muuta=phone,1=ignore", header: ["Etunimi", "Sukunimi", "Muuta"])
        #expect(mapping.value(.phone, in: row) == "040 111 2233" && mapping.value(.firstName, in: row) == nil)
    }
}
