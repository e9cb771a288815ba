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
