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

@Suite struct CSVPartsTests {
    /// Files of every kind the reader knows, and one of every quirk at every place a part may
    /// begin: blank lines and records of empty fields (left out), quotes holding delimiters,
    /// doubled quotes and line breaks, CR, LF and CRLF, no line break at the end.
    static func files() throws -> [(String, Data)] {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: CSVReaderTests.folder).filter { $0.hasSuffix(".csv") }.sorted()
            .map { ($0, try Data(contentsOf: URL(fileURLWithPath: CSVReaderTests.folder + "/" + $0))) }
        var quirks = "etunimi;sukunimi;muistiinpanot\r\n\r\n;;\r\n"
        for i in 0..<400 {
            quirks += ["Äijä\(i);Öhman;\"rivi\nkaksi \"\"\(i)\"\" ; puoli\"\r\n", "\"\";\"\";\"\"\n", "\n", "Åsa\(i);Kärkkäinen;\r",
                       ";;ilman nimeä\r\n", "Örjan\(i);\"Hämä;läinen\";\r\n"][i % 6]
        }
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("Etunimi;Sukunimi\r\nÅsa;Öhman\r\n\r\nÄijä;Öhman".data(using: .utf16LittleEndian)!)
        return fixtures + [("quirks", Data(quirks.utf8)), ("quirks, no end", Data((quirks + "Viimeinen;Väinö;ei rivinvaihtoa").utf8)),
                           ("sep=|", Data("sep=|\r\nEtunimi|Sukunimi\r\nAino|Laine\r\n".utf8)), ("sep=§", Data("sep=§\nEtunimi§Sukunimi\nAino§Laine\n".utf8)),
                           ("utf-16", utf16), ("open quote", Data("a,b\n\"open,1\n2,3".utf8)), ("blank first", Data("\n;;\nEtu;Suku\nAino;Laine".utf8))]
    }

    /// An import reads a CSV file a part at a time: at every part size, the header, the rows
    /// (blank records left out, in order), the encoding and the delimiter are one reading's,
    /// and the rows counted first are the rows.
    @Test(arguments: [1, 64, 4096, 1 << 19])
    func partsReadAsTheWhole(partSize: Int) throws {
        for (name, data) in try Self.files() {
            let whole = try CSVReader.read(data)
            let parts = try CSVReader.parts(data, partSize: partSize)
            #expect(parts.header == whole.header, "\(name)")
            #expect(parts.parts.indices.flatMap { parts.rows(inPart: $0) } == whole.rows, "\(name)")
            #expect(parts.encoding == whole.encoding && parts.delimiter == whole.delimiter, "\(name)")
            #expect(parts.counted == whole.rows.count, "\(name)")
            if partSize == 1 && name.hasPrefix("quirks") { #expect(parts.parts.count > 300, "\(name): a part a record") }
        }
    }

    @Test func filesWithoutAHeaderAreRefusedAsWhenReadWhole() {
        for file in ["", "\n\n", "\r\n\r\n\r"] {
            #expect(throws: CSVReader.ReadError.self) { try CSVReader.parts(Data(file.utf8)) }
            #expect(throws: CSVReader.ReadError.self) { try CSVReader.read(Data(file.utf8)) }
        }
    }
}
