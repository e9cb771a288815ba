import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// `kortisto sync --vdir DIR` keeps the register and a vdir in step both ways, by the rule in
/// its help: each side's change goes to the other, a field changed on both is shown, bans and
/// holds come only from the register, forgetting reaches the vdir.
@Suite struct SyncTests {
    static func register() -> Shell {
        let sh = Shell()
        sh.run("add", "--first", "Äijä", "--last", "Öljynen", "--phone", "040 123 4567", "--email", "aija@example.fi")
        sh.run("add", "--first", "Eino", "--last", "Leino", "--town", "Oulu")
        sh.run("add", "--first", "Iida", "--last", "Rajoitettu")
        sh.run("restrict", "1003", "--reason", "Kiistää tietojen oikeellisuuden")
        sh.run("ban", "1002", "marketing")
        return sh
    }

    static func vdir(_ sh: Shell) -> String { sh.folder.file("osoitekirja") }

    /// A card a phone made (Åsa Åberg, no e-mail or phone), put in the vdir.
    static func phoneCard(uid: String, file: String, _ sh: Shell) throws {
        try FileManager.default.createDirectory(atPath: vdir(sh), withIntermediateDirectories: true)
        try Data("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:\(uid)\r\nFN:Åsa Åberg\r\nN:Åberg;Åsa;;;\r\nEND:VCARD\r\n".utf8)
            .write(to: URL(fileURLWithPath: vdir(sh) + "/" + file))
    }

    static func cards(_ sh: Shell) throws -> [String: String] {
        var cards: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: vdir(sh)) where name.hasSuffix(".vcf") {
            cards[name] = try String(contentsOfFile: vdir(sh) + "/" + name, encoding: .utf8)
        }
        return cards
    }

    static func file(of name: String, _ sh: Shell) throws -> String {
        try #require(try cards(sh).first { $0.value.contains(name) }?.key)
    }

    static func edit(_ file: String, _ sh: Shell, _ change: (String) -> String) throws {
        let path = vdir(sh) + "/" + file
        try Data(change(try String(contentsOfFile: path, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func everyoneButTheRestrictedGetsACardOnce() throws {
        let sh = Self.register()
        let first = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(first.status == 0 && first.out.contains("2 card(s) written"), "\(first.out)\(first.err)")
        let cards = try Self.cards(sh)
        #expect(cards.count == 2 && !cards.values.contains { $0.contains("Rajoitettu") })
        #expect(sh.folder.permissions(Self.vdir(sh) + "/" + cards.keys.first!) == 0o600)
        let again = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(again.out.contains("nothing to change"), "\(again.out)")
        #expect(try Self.cards(sh) == cards, "an unchanged sync rewrites nothing")
    }

    @Test func aChangeOnEitherSideGoesToTheOther() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        // On the phone: a new number, and a photo only the phone has.
        let aija = try Self.file(of: "Öljynen", sh)
        try Self.edit(aija, sh) { $0.replacingOccurrences(of: "+358401234567", with: "+358509998888")
            .replacingOccurrences(of: "END:VCARD", with: "PHOTO;ENCODING=b;TYPE=JPEG:QUJD\r\nEND:VCARD") }
        let fromPhone = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(fromPhone.out.contains("updated from the card: #1001 Äijä Öljynen (phone)"), "\(fromPhone.out)")
        #expect(sh.run("show", "1001").out.contains("050 999 8888"))
        // In the register: the town; the card is rewritten and keeps its photo.
        sh.run("edit", "1001", "--town", "Jyväskylä")
        let toPhone = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(toPhone.out.contains("1 card(s) written"), "\(toPhone.out)")
        let card = try #require(try Self.cards(sh)[aija])
        #expect(card.contains("Jyväskylä") && card.contains("+358509998888") && card.contains("PHOTO;ENCODING=b;TYPE=JPEG:QUJD"), "\(card)")
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("nothing to change"))
    }

    @Test func aFieldChangedOnBothSidesIsShownNotGuessed() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        let aija = try Self.file(of: "Öljynen", sh)
        try Self.edit(aija, sh) { $0.replacingOccurrences(of: "aija@example.fi", with: "aija@puhelin.example.fi") }
        sh.run("edit", "1001", "--email", "aija@rekisteri.example.fi")
        let both = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(both.status == 1 && both.out.contains("email: register 'aija@rekisteri.example.fi', card 'aija@puhelin.example.fi'"), "\(both.out)")
        #expect(try Self.cards(sh)[aija]?.contains("aija@puhelin.example.fi") == true, "the card is left as it is")
        #expect(sh.run("show", "1001").out.contains("aija@rekisteri.example.fi"), "the register is left as it is")
        // A ban set meanwhile still reaches the card; the field in conflict keeps the card's value.
        sh.run("ban", "1001", "marketing")
        let withBan = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(withBan.status == 1 && withBan.out.contains("email: register"), "\(withBan.out)")
        let card = try #require(try Self.cards(sh)[aija])
        #expect(card.contains("X-KORTISTO-BANS:marketing") && card.contains("aija@puhelin.example.fi") && !card.contains("aija@rekisteri"), "\(card)")
        // Settled by making one side match.
        sh.run("edit", "1001", "--email", "aija@puhelin.example.fi")
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).status == 0)
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("nothing to change"))
    }

    @Test func bansComeOnlyFromTheRegister() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        let eino = try Self.file(of: "Leino", sh)
        #expect(try Self.cards(sh)[eino]?.contains("X-KORTISTO-BANS:marketing") == true)
        // The phone drops the ban line and renames him: the name comes in, the ban stays.
        try Self.edit(eino, sh) { $0.replacingOccurrences(of: "X-KORTISTO-BANS:marketing\r\n", with: "")
            .replacingOccurrences(of: "FN:Eino Leino", with: "FN:Eino Leinonen").replacingOccurrences(of: "N:Leino;", with: "N:Leinonen;") }
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("(last_name)"))
        let shown = try #require(try sh.json("show", "1002", "--format", "json") as? [String: Any])
        #expect(shown["last_name"] as? String == "Leinonen" && (shown["bans"] as? [String]) == ["marketing"], "\(shown)")
        // And the card gets the ban back, so a card read elsewhere keeps it.
        #expect(try Self.cards(sh)[eino]?.contains("X-KORTISTO-BANS:marketing") == true)
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("nothing to change"))
    }

    @Test func newCardsBecomeCustomersButNeverTwins() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        let card = { (uid: String, name: String, email: String) in
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:\(uid)\r\nFN:\(name)\r\nN:\(name.split(separator: " ")[1]);\(name.split(separator: " ")[0]);;;\r\nEMAIL:\(email)\r\nEND:VCARD\r\n"
        }
        try Data(card("puhelin-1", "Åsa Åberg", "asa@example.fi").utf8).write(to: URL(fileURLWithPath: Self.vdir(sh) + "/puhelin-1.vcf"))
        try Data(card("puhelin-2", "Äijä Kaksonen", "aija@example.fi").utf8).write(to: URL(fileURLWithPath: Self.vdir(sh) + "/puhelin-2.vcf"))
        // One person twice among the new cards: the second is shown, not added.
        try Data(card("puhelin-3", "Åsa Toinen", "ASA@example.fi").utf8).write(to: URL(fileURLWithPath: Self.vdir(sh) + "/puhelin-3.vcf"))
        let result = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(result.out.contains("added from a card: #1004 Åsa Åberg"), "\(result.out)")
        #expect(result.status == 1 && result.out.contains("puhelin-2.vcf: has the e-mail or phone of customer 1001"), "\(result.out)")
        #expect(sh.run("list", "--search", "kaksonen").out.isEmpty)
        #expect(result.out.contains("puhelin-3.vcf: has the e-mail or phone of another new card (Åsa Åberg)"), "\(result.out)")
        #expect(sh.run("list", "--search", "toinen").out.isEmpty)
        // The phone's UID is hers from now on, in every export.
        #expect(sh.run("export", "--format", "vcf").out.contains("UID:puhelin-1\r\n"))
        // The sync did not touch the card it took in.
        #expect(try Self.cards(sh)["puhelin-1.vcf"] == card("puhelin-1", "Åsa Åberg", "asa@example.fi"))
    }

    @Test func forgettingReachesTheVdirAndAForgottenCardNeverComesBack() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        let eino = try Self.file(of: "Leino", sh)
        let saved = try #require(try Self.cards(sh)[eino])
        #expect(sh.run("forget", "1002", "--yes").status == 0)
        #expect(try Self.cards(sh)[eino] == nil, "the card goes with the erasure")
        // A CardDAV sync that brings the old card back down: deleted again, never imported.
        try Data(saved.utf8).write(to: URL(fileURLWithPath: Self.vdir(sh) + "/" + eino))
        let again = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(again.out.contains("1 card(s) deleted"), "\(again.out)")
        #expect(try Self.cards(sh)[eino] == nil)
        #expect(!sh.run("list").out.contains("Leino"))
        // Restricted: off the vdir too.
        sh.run("restrict", "1001", "--reason", "Vastustaa käsittelyä")
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("1 card(s) deleted"))
        #expect(try Self.cards(sh).isEmpty)
        // No trace of the forgotten card's text in the register.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sh.db))
        #expect(bytes.range(of: Data("Leino".utf8)) == nil)
    }

    @Test func aCardDeletedInTheVdirLeavesTheCustomer() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        let eino = try Self.file(of: "Leino", sh)
        try FileManager.default.removeItem(atPath: Self.vdir(sh) + "/" + eino)
        let result = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(result.out.contains("card deleted in the vdir: #1002 Eino Leino stays in the register"), "\(result.out)")
        #expect(sh.run("list").out.contains("Leino"))
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("nothing to change"))
        #expect(try Self.cards(sh)[eino] == nil, "not sent again")
    }

    @Test func aDryRunChangesNothing() throws {
        let sh = Self.register()
        let dry = sh.run("sync", "--vdir", Self.vdir(sh), "--dry-run")
        #expect(dry.status == 1 || dry.out.contains("there is no folder") || dry.err.contains("there is no folder"))
        try FileManager.default.createDirectory(atPath: Self.vdir(sh), withIntermediateDirectories: true)
        let would = sh.run("sync", "--vdir", Self.vdir(sh), "--dry-run")
        #expect(would.out.hasPrefix("Would sync") && would.out.contains("2 card(s) written"), "\(would.out)")
        #expect(try Self.cards(sh).isEmpty)
    }

    /// Found: importing the whole-register JSON gave every card a new UID, so a synced phone
    /// saw everyone deleted and added again. The register's id travels with the file.
    @Test func uidsSurviveTheWholeRegisterFile() throws {
        let sh = Self.register()
        // One who came from a phone, with the phone's UID.
        try Self.phoneCard(uid: "puhelin-7", file: "p.vcf", sh)
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).status == 0)
        let before = sh.run("export", "--format", "vcf").out.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }
        let json = sh.folder.file("koko.json")
        #expect(sh.run("export", "--format", "json", "--out", json).status == 0)
        let other = Shell()
        #expect(other.run("import", json).status == 0)
        let after = other.run("export", "--format", "vcf").out.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(before.contains("UID:puhelin-7") && before == after)
        // And through our own vCards, into a register of its own.
        let cards = sh.folder.file("kaikki.vcf")
        #expect(sh.run("export", "--format", "vcf", "--out", cards).status == 0)
        let third = Shell()
        #expect(third.run("import", cards).status == 0)
        let again = third.run("export", "--format", "vcf").out.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(Set(before) == Set(again), "\(before) \(again)")
    }
}

/// Found in a review of the sync: each edge where a card or a person could be lost or come back.
extension SyncTests {
    /// A card whose UID the register keeps (it came from a phone) is that customer's, in any
    /// register the whole-register file made: linked, not added again.
    @Test func aKeptUIDLinksTheCardInARegisterReadFromTheFile() throws {
        let sh = Self.register()
        try Self.phoneCard(uid: "puhelin-7", file: "p.vcf", sh)
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).status == 0)
        let json = sh.folder.file("koko.json")
        #expect(sh.run("export", "--format", "json", "--out", json).status == 0)
        let other = Shell()
        #expect(other.run("import", json).status == 0)
        let result = other.run("sync", "--vdir", Self.vdir(sh))
        #expect(result.status == 0 && !result.out.contains("added from a card"), "\(result.out)")
        #expect(other.run("list", "--search", "åberg").out.split(separator: "\n").count == 2, "one Åsa and the header")
    }

    /// A card read back can give its phones in another order (a landline main phone, a mobile
    /// other one): both sides are compared as a card reads, so nothing changes by itself.
    @Test func nothingChangesByItselfThroughACardsReading() throws {
        let sh = Shell()
        sh.run("add", "--first", "Eila", "--last", "Öhman", "--phone", "09 123 4567", "--other-phone", "mobile: 040 765 4321")
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).status == 0)
        for _ in 0..<2 { #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("nothing to change")) }
        let shown = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(shown["phone"] as? String == "+35891234567" && (shown["other_phones"] as? [String]) == ["mobile: +358407654321"], "\(shown)")
    }

    /// A restricted person's card that comes back (a phone edited it offline) is deleted again,
    /// never made a new customer.
    @Test func aRestrictedPersonsCardComingBackIsDeletedAgain() throws {
        let sh = Self.register()
        sh.run("sync", "--vdir", Self.vdir(sh))
        let eino = try Self.file(of: "Leino", sh)
        let saved = try #require(try Self.cards(sh)[eino])
        sh.run("restrict", "1002", "--reason", "Vastustaa käsittelyä")
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("1 card(s) deleted"))
        try Data(saved.replacingOccurrences(of: "Oulu", with: "Kemi").utf8).write(to: URL(fileURLWithPath: Self.vdir(sh) + "/" + eino))
        let again = sh.run("sync", "--vdir", Self.vdir(sh))
        #expect(again.out.contains("1 card(s) deleted") && !again.out.contains("added from a card"), "\(again.out)")
        #expect(try Self.cards(sh)[eino] == nil)
        #expect(sh.run("list", "--include-restricted", "--search", "leino").out.split(separator: "\n").count == 2)
    }

    /// A forgotten phone contact leaves neither their UID nor their card's file name behind.
    @Test func aForgottenPhoneContactLeavesNoNameOfTheirCard() throws {
        let sh = Self.register()
        try Self.phoneCard(uid: "puhelin-erityinen-42", file: "puhelin-erityinen-42.vcf", sh)
        #expect(sh.run("sync", "--vdir", Self.vdir(sh)).out.contains("added from a card: #1004"))
        #expect(sh.run("forget", "1004", "--yes").status == 0)
        #expect(try Self.cards(sh)["puhelin-erityinen-42.vcf"] == nil)
        for file in [sh.db, sh.db + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("puhelin-erityinen".utf8)) == nil, "\(file)")
        }
    }
}
