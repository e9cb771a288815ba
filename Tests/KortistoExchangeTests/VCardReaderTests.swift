import Foundation
import KortistoTestSupport
import Testing
@testable import KortistoExchange

/// The shared vCard vectors (Fixtures/vcard) parse exactly as their expected.json says.
@Suite struct VCardReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/vcard").path
    nonisolated(unsafe) static let expected: [String: Any] = {
        let data = FileManager.default.contents(atPath: folder + "/expected.json")!
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    /// The card in the shape of expected.json.
    static func json(_ c: VCard) -> [String: Any] {
        func typed(_ t: VCard.Typed) -> [String: Any] { ["value": t.value, "types": t.types] }
        let bday: Any
        switch c.bday {
        case nil: bday = NSNull()
        case let .text(text)?: bday = ["text": text]
        case let .date(year, month, day)?: bday = ["year": year.map { $0 as Any } ?? NSNull(), "month": month, "day": day]
        }
        return [
            "version": c.version ?? NSNull(), "fn": c.fn ?? NSNull(),
            "n": ["family": c.n.family, "given": c.n.given, "additional": c.n.additional, "prefix": c.n.prefix, "suffix": c.n.suffix],
            "org": c.org ?? NSNull(), "title": c.title ?? NSNull(), "emails": c.emails.map(typed), "tels": c.tels.map(typed),
            "adrs": c.adrs.map { ["pobox": $0.pobox, "ext": $0.ext, "street": $0.street, "locality": $0.locality, "region": $0.region,
                                  "code": $0.code, "country": $0.country, "types": $0.types] },
            "bday": bday, "note": c.note ?? NSNull(), "uid": c.uid ?? NSNull(), "rev": c.rev ?? NSNull(), "categories": c.categories,
        ]
    }

    @Test(arguments: expected.keys.sorted())
    func vector(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        let cards = VCardReader.read(data)
        let expected = try #require(Self.expected[name] as? [[String: Any]])
        #expect(cards.count == expected.count, "\(name): \(cards.count) cards")
        for (card, want) in zip(cards, expected) {
            let got = Self.json(card)
            for (key, value) in want {
                func canonical(_ v: Any?) -> Data? { try? JSONSerialization.data(withJSONObject: ["v": v ?? NSNull()], options: .sortedKeys) }
                let same = canonical(got[key]) == canonical(value)
                #expect(same, "\(name) \(want["fn"] ?? ""): \(key) is \(got[key] ?? "nil"), expected \(value)")
            }
        }
    }
}

@Suite struct VCardLanguageTests {
    @Test func languageIsReadFromLangAndOurExtension() {
        let four = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Åsa Öst\r\nLANG;PREF=2:en\r\nLANG;PREF=1:sv-FI\r\nEND:VCARD\r\n"
        #expect(VCardReader.read(Data(four.utf8)).first?.language == "sv")
        let three = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eino Äijälä\r\nX-KORTISTO-LANGUAGE:fi\r\nEND:VCARD\r\n"
        #expect(VCardReader.read(Data(three.utf8)).first?.language == "fi")
        #expect(ImportRow(VCardReader.read(Data(three.utf8))[0], index: 1).input.language == "fi")
    }
}

@Suite struct VCardGroupsAndLinksTests {
    /// A phone's groups become tags and its web addresses websites or profiles; what would
    /// refuse the whole contact is left out and said, never the contact itself.
    @Test func groupsAndLinksAsAPhoneWritesThem() {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ylönen;Iiris;;;\r\nORG:Kahvila Ylönen;Keittiö\r\nCATEGORIES:myContacts,Ystävät,#kesä\r\n"
            + "URL:https://kahvila-ylonen.fi\r\nURL;TYPE=linkedin:https://www.linkedin.com/in/iiris\r\nURL:ei osoite\r\nEND:VCARD\r\n"
        let row = ImportRow(VCardReader.read(Data(card.utf8))[0], index: 1)
        #expect(row.input.organisation == "Kahvila Ylönen")
        #expect(row.input.department == "Keittiö")
        #expect(row.input.tags == "myContacts, Ystävät")
        #expect(row.input.websites == ["https://kahvila-ylonen.fi"])
        #expect(row.input.profiles == ["https://www.linkedin.com/in/iiris"])
        #expect(row.repairs.map(\.description) == ["group '#kesä' is not a tag and was left out", "web address 'ei osoite' was left out"])
        #expect(row.problems.isEmpty)
    }
}

extension VCardReaderTests {
    /// A file past a megabyte is read in parts on every core: the cards equal one reading of
    /// the whole, in order, with every fixture's quirks at the parts' edges (lower-case BEGIN,
    /// a missing END, CR LF and LF, folded lines, and a quoted-printable value whose soft line
    /// break runs on into a BEGIN line, where no part may start).
    /// `largeFile()` and its cards, read whole.
    static let large: (file: Data, cards: [VCard]) = {
        let file = try! largeFile()
        return (file, VCardReader.readPart([UInt8](file)[...]))
    }()

    /// Every fixture again and again with the quirks below, past three megabytes.
    static func largeFile() throws -> Data {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".vcf") }.sorted()
            .map { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)) }
        let tricky = Data("""
            BEGIN:VCARD\r\nVERSION:2.1\r\nN:Kääriäinen;Äijä\r\nNOTE;ENCODING=QUOTED-PRINTABLE:rivi=\r\nBEGIN:VCARD\r\nEND:VCARD\r\n\
            begin:vcard\nversion:3.0\nfn:Öllö Åkerlund\nemail:ollo@example.fi\n\
            BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Taneli\r\n  Toivonen\r\n
            """.utf8)
        var file = Data()
        var round = 0
        while file.count < 3 << 20 {
            for (i, fixture) in fixtures.enumerated() where (i + round) % 3 != 0 { file += fixture }
            file += tricky
            round += 1
        }
        return file
    }

    @Test func aLargeFileReadInPartsEqualsOneReading() throws {
        let file = try Self.largeFile()
        let bytes = [UInt8](file)
        #expect(VCardReader.parts(of: bytes, count: 8).count > 4)
        let whole = VCardReader.readPart(bytes[...])
        #expect(whole.count > 1000)
        #expect(VCardReader.read(file) == whole)
        // Cut everywhere a part may start: still the same cards.
        let many = VCardReader.parts(of: bytes, count: 2000)
        #expect(many.count > 1000)
        #expect(many.flatMap { VCardReader.readPart(bytes[$0]) } == whole)
    }
}

extension VCardReaderTests {
    /// An import reads a vCard file from disk a part at a time (VCardParts): at every part size,
    /// with and without a byte-order mark, the cards are one reading of the whole, and the
    /// BEGIN lines counted first are every card.
    @Test(arguments: [200, 1 << 19, 1 << 30])
    func aFileOnDiskReadInPartsEqualsOneReading(partSize: Int) throws {
        let folder = TemporaryFolder()
        for bom in [false, true] {
            let file = (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Self.large.file
            let whole = Self.large.cards
            let path = folder.file("cards\(bom).vcf")
            try file.write(to: URL(fileURLWithPath: path))
            let parts = try #require(VCardParts(contentsOf: path, partSize: partSize))
            #expect(partSize >= file.count ? parts.parts.count == 1 : parts.parts.count > 1)
            #expect(try parts.parts.indices.flatMap { try parts.cards(inPart: $0) } == whole)
            #expect(parts.cardsBegun == whole.count)
            let inMemory = VCardParts(file, partSize: partSize)
            #expect(inMemory.parts == parts.parts && inMemory.cardsBegun == parts.cardsBegun)
        }
    }

    /// The lines as they were read before they were streamed through two buffers (an array a
    /// line, unfolded, then quoted-printable soft line breaks joined): the oracle.
    static func linesAsBefore(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            var l = Array(line)
            if l.last == 0x0D { l.removeLast() }
            return l
        }
        var unfolded: [[UInt8]] = []
        for line in lines {
            if let first = line.first, first == 0x20 || first == 0x09, !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += line.dropFirst()
            } else {
                unfolded.append(line)
            }
        }
        lines = []
        var index = 0
        while index < unfolded.count {
            var line = unfolded[index]
            let isQP = VCardReader.mentionsQuotedPrintable(line.prefix(200))
            while isQP, line.last == 0x3D, index + 1 < unfolded.count {
                line.removeLast()
                index += 1
                line += unfolded[index]
            }
            lines.append(line)
            index += 1
        }
        return lines.filter { !$0.isEmpty }
    }

    /// Every file of up to five pieces that make lines, folds, soft line breaks and cards:
    /// the logical lines are the oracle's; the cards counted first are never more than the
    /// cards read; cut at every card that may begin a part, the cards are one reading's.
    @Test func everyArrangementOfLineEndsFoldsAndSoftBreaks() {
        let pieces = ["\r", "\n", "\n ", " ", "\t", "=", "NOTE;ENCODING=QUOTED-PRINTABLE:ä", "BEGIN:VCARD", "FN:Åsa"].map { Array($0.utf8) }
        var files: [[UInt8]] = [[]], last: [[UInt8]] = [[]]
        for _ in 1...5 {
            last = last.flatMap { file in pieces.map { file + $0 } }
            files += last
        }
        var failures: [String] = []
        for file in files {
            var lines: [[UInt8]] = []
            VCardReader.logicalLines(file[...]) { lines.append($0) }
            let whole = VCardReader.readPart(file[...])
            let parts = VCardParts(Data(file), partSize: 1)
            let inParts = parts.parts.indices.flatMap { (try? parts.cards(inPart: $0)) ?? [] }
            if lines != Self.linesAsBefore(file) || parts.cardsBegun > whole.count || inParts != whole {
                failures.append(String(decoding: file, as: UTF8.self).debugDescription)
            }
        }
        #expect(files.count == 66_430)
        #expect(failures.isEmpty, "\(failures.count): \(failures.prefix(5))")
    }

    /// A BEGIN of another kind opens a card too: counted first, such a file has fewer cards
    /// than it reads (the import says the number read). No file at all, a folder: nil.
    @Test func theCountBeforeReadingIsNeverMoreThanTheCards() throws {
        let folder = TemporaryFolder()
        let path = folder.file("odd.vcf")
        try Data("BEGIN:VCARD\nFN:Äijä Öhman\nBEGIN:VCALENDAR\nFN:Åsa Kärkkäinen\nEND:VCARD\n".utf8).write(to: URL(fileURLWithPath: path))
        let parts = try #require(VCardParts(contentsOf: path))
        #expect(parts.cardsBegun == 1)
        #expect(try parts.parts.indices.flatMap { try parts.cards(inPart: $0) }.count == 2)
        // A soft line break runs on past a fold line of a space alone into the BEGIN line.
        let runOn = VCardParts(Data("BEGIN:VCARD\r\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\r\n \r\nBEGIN:VCARD\r\nEND:VCARD\r\n".utf8), partSize: 1)
        #expect(runOn.cardsBegun == 1 && runOn.parts.count == 1)
        #expect(VCardParts(contentsOf: folder.file("missing.vcf")) == nil)
        #expect(VCardParts(contentsOf: folder.path) == nil)
    }

    /// A file that changes in place between its readings (written again to the same length,
    /// grown, cut) is not read on: what was read could be half of one version and half of
    /// another. One replaced by another file (a program saving a copy and renaming it) is
    /// read on as it was: the open file is still the old one.
    @Test(arguments: ["rewritten", "rewritten, its time put back", "grown", "cut", "replaced"])
    func aFileThatChangesIsNotReadOn(change: String) throws {
        let folder = TemporaryFolder()
        let path = folder.file("cards.vcf"), url = URL(fileURLWithPath: path)
        let file = try Self.largeFile()
        try file.write(to: url)
        let parts = try #require(VCardParts(contentsOf: path, partSize: 1 << 19))
        #expect(try !parts.cards(inPart: 0).isEmpty)
        func inPlace(_ data: Data) throws {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: data)
            try handle.close()
        }
        switch change {
        case "rewritten": try inPlace(Data(file.reversed()))
        case "rewritten, its time put back":
            // As `cp -p` or `rsync --inplace -t` would: the same size and time, other bytes.
            var before = stat()
            #expect(stat(path, &before) == 0)
            var changed = file
            changed[changed.count - 100] ^= 0x20
            try inPlace(changed)
            let times = [before.st_atim, before.st_mtim]
            #expect(utimensat(AT_FDCWD, path, times, 0) == 0)
            var after = stat()
            #expect(stat(path, &after) == 0 && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_size == before.st_size)
            #expect(throws: VCardParts.Changed.self) { try parts.cards(inPart: parts.parts.count - 1) }
            return
        case "grown": try inPlace(file + Data("BEGIN:VCARD\nFN:Åke\nEND:VCARD\n".utf8))
        case "cut": try inPlace(file.prefix(file.count / 2))
        default:
            try Data("BEGIN:VCARD\nFN:Åke\nEND:VCARD\n".utf8).write(to: URL(fileURLWithPath: folder.file("new.vcf")))
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: folder.file("new.vcf"), toPath: path)
            #expect(try parts.parts.indices.flatMap { try parts.cards(inPart: $0) } == VCardReader.readPart([UInt8](file)[...]))
            return
        }
        #expect(throws: VCardParts.Changed.self) { try parts.cards(inPart: 1) }
    }
}
