import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI
@testable import KortistoStore

@Suite struct OrderAndPrivacyCommandTests {
    @Test func ordersEndToEnd() throws {
        let sh = Shell()
        _ = sh.addMatti()
        let added = sh.run("order", "add", "1001", "--amount", "120,00", "--description", "Hieronta 60 min", "--date", "2.5.2025",
                           "--invoice", "20001", "--invoice-date", "2.5.2025", "--due", "16.5.2025")
        #expect(added.status == 0, "\(added.err)")
        #expect(added.out == "1\n")
        #expect(sh.run("order", "add", "1001", "--amount", "25.50", "--description", "Lahjakortti").out == "2\n")
        #expect(sh.run("order", "add", "1001", "--amount", "abc", "--description", "x").status == 1)
        #expect(sh.run("order", "add", "1001", "--amount", "5", "--description", "x", "--status", "lost").status == 2)  // a word outside the set: usage
        #expect(sh.run("order", "collection", "1", "on").status == 0)
        #expect(sh.run("order", "collection", "2", "on").status == 1)
        // A payment is a fact: a day after today is refused (found in a trial: the interface
        // refused it, the command line did not).
        #expect(sh.run("order", "pay", "1", "--date", "20.6.2025").status == 1)
        #expect(sh.run("order", "pay", "1", "--date", "12.6.").status == 0)
        let orders = try #require(try sh.json("order", "list", "1001", "--format", "json") as? [[String: Any]])
        #expect(orders.count == 2)
        #expect(orders[0]["amount_cents"] as? Int == 12000)
        #expect(orders[0]["status"] as? String == "paid")
        #expect(orders[0]["paid_date"] as? String == "2025-06-12")
        #expect(orders[0]["in_collection"] as? Bool == false)
        #expect(orders[0]["invoice_number"] as? String == "20001")
        #expect(orders[1]["amount_cents"] as? Int == 2550)
        #expect(orders[1]["status"] as? String == "ordered")
        #expect(sh.run("order", "list", "1001").out.contains("Hieronta 60 min"))
    }

    @Test func contactsBansHoldsRestriction() throws {
        let sh = Shell()
        _ = sh.addMatti()
        #expect(sh.run("contact", "1001", "--channel", "phone", "--note", "Sovittiin tapaaminen").status == 0)
        #expect(sh.run("contact", "1001", "--channel", "pigeon").status == 2)  // a word outside the set: usage
        #expect(sh.run("ban", "1001", "publication", "--source", "puhelu").status == 0)
        #expect(sh.run("ban", "1001", "marketing").status == 0)
        #expect(sh.run("ban", "1001", "everything").status == 2)
        #expect(sh.run("unban", "1001", "marketing").status == 0)
        #expect(sh.run("consent", "1001", "newsletter", "give").status == 0)
        #expect(sh.run("hold", "1001").status == 2)
        #expect(sh.run("hold", "1001", "--reason", "Riita-asia").status == 0)
        #expect(sh.run("restrict", "1001", "--reason", "Kiistää tiedot").status == 0)
        let edit = sh.run("edit", "1001", "--town", "Turku")
        #expect(edit.status == 1)
        #expect(edit.err.contains("restriction"))
        var json = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(json["bans"] as? [String] == ["publication"])
        #expect(json["legal_hold"] as? Bool == true)
        #expect(json["restricted"] as? Bool == true)
        #expect(json["newsletter_consent"] as? Bool == true)
        #expect((json["contacts"] as? [[String: Any]])?.first?["channel"] as? String == "phone")
        let events = try #require(json["consent_events"] as? [[String: Any]])
        #expect(events.map { "\($0["kind"]!) \($0["action"]!)" } == ["publication granted", "marketing granted", "marketing withdrawn", "newsletter granted"])
        #expect(sh.run("unrestrict", "1001").status == 0)
        #expect(sh.run("unhold", "1001").status == 0)
        json = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(json["legal_hold"] as? Bool == false)
        #expect(json["restricted"] as? Bool == false)
        #expect(sh.run("list").out.contains("1001"))
    }

    @Test func restrictedCustomersAreLeftOutOfListsUnlessAsked() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("add", "--first", "Aino", "--last", "Laine")
        sh.run("restrict", "1001", "--reason", "Kiistää tiedot")
        #expect(!sh.run("list").out.contains("Virtanen"))
        #expect(!sh.run("list", "--format", "csv").out.contains("Virtanen"))
        #expect(!sh.run("search", "virtanen", "--format", "json").out.contains("Virtanen"))
        let all = sh.run("list", "--include-restricted")
        #expect(all.out.contains("Virtanen, Matti"))
        #expect(all.out.contains("X"))
        #expect(sh.run("show", "1001").out.contains("Restricted"))
    }

    @Test func organisations() throws {
        let sh = Shell()
        #expect(sh.run("org", "add", "--name", "Järvi Puu Oy", "--business-id", "1234567-1", "--town", "Kuopio", "--postcode", "70100").out == "1\n")
        let bad = sh.run("org", "add", "--name", "Väärä Oy", "--business-id", "1234567-2")
        #expect(bad.status == 1)
        #expect(bad.err.contains("business_id"))
        sh.run("add", "--first", "Aino", "--last", "Laine", "--org", "järvi puu oy")
        let org = try #require(try sh.json("org", "show", "1", "--format", "json") as? [String: Any])
        #expect(org["business_id"] as? String == "1234567-1")
        #expect((org["customers"] as? [[String: Any]])?.first?["number"] as? Int == 1001)
        #expect(sh.run("org", "show", "Järvi Puu Oy").out.contains("#1001  Laine, Aino"))
        #expect(sh.run("org", "list").out.contains("Järvi Puu Oy"))
        #expect(sh.run("org", "show", "Ei Ole Oy").status == 1)
    }
}

@Suite struct PrivacyCommandTests {
    @Test func forgetAsksAndCanBeCancelled() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("order", "add", "1001", "--amount", "50", "--description", "Lahjakortti Matti Virtaselle")
        let cancelled = sh.run(["forget", "1001"], input: ["n"])
        #expect(cancelled.status == 1)
        #expect(cancelled.err.contains("1 order(s) are kept without the name"))
        #expect(cancelled.err.contains("It cannot be undone."))
        #expect(sh.run("show", "1001").status == 0)
        // End of input is not a yes either.
        #expect(sh.run(["forget", "1001"], input: []).status == 1)
        // The erasure log outlives every backup: a reference that could name someone is refused.
        let named = sh.run(["forget", "1001", "--reference", "Matti soitti"], input: ["y"])
        #expect(named.status == 2 && named.err.contains("never a name or other text"))
        #expect(sh.run("show", "1001").status == 0)
        let done = sh.run(["forget", "1001", "--reference", "#3"], input: ["y"])
        #expect(done.status == 0, "\(done.err)")
        #expect(done.err.contains("Customer 1001 forgotten on 15.6.2025."))
        let shown = sh.run("show", "1001")
        #expect(shown.status == 1)
        #expect(shown.err.contains("forgotten on 15.6.2025"))
    }

    @Test func forgetIsRefusedWithTheBlockersListed() {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("order", "add", "1001", "--amount", "120", "--description", "Hieronta", "--invoice", "20001")
        sh.run("hold", "1001", "--reason", "Riita-asia")
        let r = sh.run("forget", "1001", "--yes")
        #expect(r.status == 1)
        #expect(r.err.contains("cannot be forgotten yet"))
        #expect(r.err.contains("open invoice 20001"))
        #expect(r.err.contains("legal hold: Riita-asia"))
    }

    /// The review lists the kept apart with their reasons (table and JSON), and `--forget`
    /// leaves them: a current member, an open request, a restriction.
    /// Found: after newsletter consent was withdrawn a newsletter export still included the
    /// person and logged them as a recipient; nothing read the research ban.
    @Test func exportsForAPurposeHonourConsentsAndBans() throws {
        let sh = Shell()
        for (first, email) in [("Kaisa", "kaisa@example.fi"), ("Lauri", "lauri@example.fi"), ("Minna", "minna@example.fi")] {
            sh.run("add", "--first", first, "--last", "Järvinen", "--email", email)
        }
        sh.run("consent", "1001", "newsletter", "give")
        sh.run("consent", "1002", "newsletter", "give")
        sh.run("consent", "1002", "newsletter", "withdraw")
        sh.run("ban", "1003", "research")
        func exported(_ purpose: String?) throws -> (file: String, recipients: [Int]) {
            let out = sh.folder.file("\(purpose ?? "default").csv")
            let r = sh.run(["export", "--format", "csv", "--campaign", "Syksy \(purpose ?? "")", "--out", out] + (purpose.map { ["--purpose", $0] } ?? []))
            #expect(r.status == 0, "\(r.err)")
            let campaigns = try #require(try sh.json("campaign", "list", "--format", "json") as? [[String: Any]])
            let id = try #require(campaigns.first?["id"] as? Int)
            #expect(campaigns.first?["purpose"] as? String == purpose ?? "marketing")
            let register = try Register.open(at: sh.db)
            defer { register.close() }
            return (try String(contentsOfFile: out, encoding: .utf8), try register.recipients(ofCampaign: Int64(id)).map { Int($0.customer) })
        }
        let newsletter = try exported("newsletter")
        #expect(newsletter.recipients == [1001])
        #expect(newsletter.file.contains("kaisa@") && !newsletter.file.contains("lauri@") && !newsletter.file.contains("minna@"))
        #expect(try exported("research").recipients == [1001, 1002])
        #expect(try exported(nil).recipients == [1001, 1002, 1003])
        #expect(sh.run("export", "--format", "csv", "--campaign", "X", "--purpose", "spam").status == 2)
        // campaign send applies the campaign's purpose too, all or nothing.
        let id = sh.run("campaign", "add", "--name", "Tutkimus", "--channel", "email", "--purpose", "research").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = sh.run("campaign", "send", id, "1001", "1003")
        #expect(refused.status == 1 && refused.err.contains("1003 Minna Järvinen: has banned market research"), "\(refused.err)")
    }

    /// An SMS campaign reaches a prospect or marketing contact only with their current SMS
    /// consent (newsletter consent is not SMS consent), a customer until they ban marketing; a
    /// withdrawn consent ends it at once, and the report and JSON say what is current.
    @Test func smsMarketingReachesProspectsOnlyWithSMSConsent() throws {
        let sh = Shell()
        for (first, kind) in [("Kaisa", "customer"), ("Lauri", "prospect"), ("Minna", "marketing"), ("Oona", "prospect")] {
            #expect(sh.run("add", "--first", first, "--last", "Äkäslompolo", "--phone", "040 111 22\(first.count)\(first.count)", "--kind", kind).status == 0)
        }
        #expect(sh.run("consent", "1002", "sms", "give", "--source", "lomake").status == 0)
        #expect(sh.run("consent", "1003", "tekstiviesti", "give").status == 0)
        #expect(sh.run("consent", "1004", "newsletter", "give").status == 0)
        #expect(sh.run("consent", "1003", "sms", "maybe").status == 2)
        let unknown = sh.run("consent", "1003", "fax", "give")
        #expect(unknown.status == 2 && unknown.err.contains("newsletter, sms"), "\(unknown.err)")
        func recipients(_ name: String, channel: String = "sms") throws -> [Int] {
            let r = sh.run("export", "--format", "csv", "--campaign", name, "--channel", channel, "--out", sh.folder.file("\(name).csv"))
            #expect(r.status == 0, "\(r.err)")
            let register = try Register.open(at: sh.db)
            defer { register.close() }
            // A list that reaches nobody records no campaign.
            guard let id = try register.campaigns().first(where: { $0.name == name })?.id else { return [] }
            return try register.recipients(ofCampaign: id).map { Int($0.customer) }
        }
        #expect(try recipients("Tekstiviesti 1") == [1001, 1002, 1003])
        // SMS consent is for SMS only: an e-mail campaign still needs a customer relationship.
        #expect(sh.run("edit", "1002", "--email", "lauri@example.fi").status == 0)
        #expect(try recipients("Sähköposti 1", channel: "email").isEmpty)
        #expect(sh.run("consent", "1003", "sms", "withdraw").status == 0)
        #expect(sh.run("ban", "1001", "marketing").status == 0)
        #expect(try recipients("Tekstiviesti 2") == [1002])
        let customer = try #require(try sh.json("show", "1002", "--format", "json") as? [String: Any])
        #expect(customer["sms_consent"] as? Bool == true && customer["newsletter_consent"] as? Bool == false)
        #expect(sh.run("report", "1002", "--lang", "fi").out.contains("tekstiviestimarkkinoinnin suostumus annettu"))
        #expect(sh.run("show", "1003").out.contains("SMS marketing consent withdrawn"))
    }

    /// A disclosure to someone who banned it is refused, naming the ban, unless the law that
    /// requires it is named (and kept).
    /// Art. 19: correcting a customer whose data was disclosed names whom to tell.
    @Test func aCorrectionNamesTheRecipientsToTell() throws {
        let sh = Shell()
        _ = sh.addMatti()
        #expect(!sh.run("edit", "1001", "--town", "Oulu").err.contains("Tell the recipients"))
        sh.run("disclose", "1001", "--to", "Perintätoimisto Oy", "--what", "osoite")
        let edited = sh.run("edit", "1001", "--town", "Kuopio")
        #expect(edited.err.contains("Tell the recipients of their data about the correction: Perintätoimisto Oy."), "\(edited.err)")
    }

    @Test func aDisclosureBanRefusesUnlessTheLawRequiresIt() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("ban", "1001", "disclosure")
        let refused = sh.run("disclose", "1001", "--to", "Kumppani Oy", "--what", "yhteystiedot")
        #expect(refused.status == 1 && refused.err.contains("has banned disclosure"), "\(refused.err)")
        let allowed = sh.run("disclose", "1001", "--to", "Ulosottovirasto", "--what", "osoite", "--legal-basis", "Ulosottokaari 3:64")
        #expect(allowed.status == 0, "\(allowed.err)")
        let report = try #require(try sh.json("report", "1001", "--format", "json") as? [String: Any])
        let disclosures = try #require(report["disclosures"] as? [[String: Any]])
        #expect(disclosures.map { $0["legal_basis"] as? String } == ["Ulosottokaari 3:64"])
        sh.run("unban", "1001", "disclosure")
        sh.run("restrict", "1001", "--reason", "Kiistää tiedot")
        #expect(sh.run("disclose", "1001", "--to", "Kumppani Oy", "--what", "yhteystiedot").err.contains("restricted"))
    }

    /// Found: a restricted customer still accepted new orders and contact events. Restriction
    /// blocks every processing but keeping the data and lifting it.
    @Test func aRestrictedCustomerTakesNothingNew() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("restrict", "1001", "--reason", "Kiistää tiedot")
        for arguments in [["order", "add", "1001", "--amount", "50", "--description", "Hieronta"], ["contact", "1001", "--channel", "phone"],
                          ["edit", "1001", "--town", "Oulu"]] {
            let r = sh.run(arguments)
            #expect(r.status == 1 && r.err.contains("under restriction of processing (Kiistää tiedot)"), "\(arguments): \(r.err)")
        }
        #expect(sh.run("unrestrict", "1001").status == 0)
        #expect(sh.run("order", "add", "1001", "--amount", "50", "--description", "Hieronta").status == 0)
    }

    @Test func retentionKeepsWhatMustBeKeptAndSaysWhy() throws {
        let sh = Shell()
        sh.run("add", "--first", "Jäsen", "--last", "Pitkäaikainen", "--since", "1.1.2015", "--kind", "member", "--member-since", "1.1.2015")
        sh.run("add", "--first", "Pyytäjä", "--last", "Vanha", "--since", "1.1.2015")
        sh.run("request", "add", "1002", "--type", "access")
        sh.run("add", "--first", "Rajoitettu", "--last", "Vanha", "--since", "1.1.2015")
        sh.run("restrict", "1003", "--reason", "Kiistää tiedot")
        sh.run("add", "--first", "Unohdettava", "--last", "Vanha", "--since", "1.1.2015")
        let table = sh.run("retention")
        #expect(table.out.contains("Kept, though inactive for 5 years (3)"), "\(table.out)")
        #expect(table.out.contains("current member") && table.out.contains("open request #1") && table.out.contains("processing restricted"))
        let kept = try #require(try sh.json("retention", "--kept", "--format", "json") as? [[String: Any]])
        #expect(kept.map { $0["number"] as? Int } == [1001, 1002, 1003])
        let reasons = kept.map { (($0["reasons"] as? [[String: Any]]) ?? []).map { $0["reason"] as? String } }
        #expect(reasons == [["current_member"], ["open_request"], ["restricted"]])
        #expect(sh.run("retention", "--forget", "--yes").status == 0)
        for number in ["1001", "1002", "1003"] { #expect(sh.run("show", number).status == 0, "\(number)") }
        #expect(sh.run("show", "1004").status == 1)
        #expect(sh.run("retention", "--years", "2", "--months", "6").status == 2)
    }

    @Test func retentionListsAndForgets() throws {
        let sh = Shell()
        sh.run("add", "--first", "Vanha", "--last", "Asiakas", "--since", "1.1.2018")
        sh.run("add", "--first", "Uusi", "--last", "Asiakas")
        let listed = try #require(try sh.json("retention", "--format", "json") as? [[String: Any]])
        #expect(listed.map { $0["number"] as? Int } == [1001])
        #expect(listed.first?["last_activity"] as? String == "2018-01-01")
        #expect(sh.run("retention", "--years", "10").err.contains("No customer has been inactive for 10 years without a reason to keep them."))
        #expect(sh.run(["retention", "--forget"], input: ["n"]).status == 1)
        #expect(sh.run("retention", "--forget", "--yes").status == 0)
        #expect(sh.run("show", "1001").status == 1)
        #expect(sh.run("show", "1002").status == 0)
    }

    @Test func backupAndRestore() throws {
        let sh = Shell()
        _ = sh.addMatti()
        let target = sh.folder.file("copy.sqlite")
        let backup = sh.run("backup", target)
        #expect(backup.status == 0)
        #expect(backup.out == target + "\n")
        #expect(sh.run("backup", target).status == 1)
        #expect(sh.run("forget", "1001", "--yes").status == 0)
        sh.run("add", "--first", "Aino", "--last", "Laine")
        let restored = sh.run(["restore", target], input: ["y"])
        #expect(restored.status == 0, "\(restored.err)")
        #expect(restored.err.contains("Forgot again 1 customer(s)"))
        #expect(sh.run("show", "1001").status == 1)
        // The register is the backup's: the customer added after it is gone.
        #expect(sh.run("show", "1002").status == 1)
        let defaultBackup = sh.run("backup")
        #expect(defaultBackup.out.contains("/backups/r-"))
    }
}

@Suite struct RequestCommandTests {
    @Test func requestsWithDeadlines() throws {
        let sh = Shell()
        _ = sh.addMatti()
        let added = sh.run("request", "add", "1001", "--type", "access", "--received", "21.3.2025", "--note", "Sähköposti 21.3.")
        #expect(added.status == 0, "\(added.err)")
        #expect(added.out == "1 2025-04-22\n")
        #expect(sh.run("request", "add", "1001", "--type", "refund").status == 2)
        #expect(sh.run("request", "extend", "1", "--reason", "Laaja aineisto").out == "1 2025-06-23\n")
        #expect(sh.run("request", "extend", "1", "--reason", "Uudestaan").status == 1)
        let open = try #require(try sh.json("request", "list", "--open", "--format", "json") as? [[String: Any]])
        #expect(open.count == 1)
        #expect(open.first?["due"] as? String == "2025-06-23")
        #expect(open.first?["extended"] as? Bool == true)
        #expect(sh.run("request", "list").out.contains("access"))
        #expect(sh.run("request", "close", "1", "--resolution", "Raportti lähetetty").status == 0)
        #expect(try #require(try sh.json("request", "list", "--open", "--format", "json") as? [[String: Any]]).isEmpty)
        #expect(sh.run("request", "close", "1", "--resolution", "x").status == 1)
    }

    @Test func disclosuresAreListedForErasure() throws {
        let sh = Shell()
        _ = sh.addMatti()
        #expect(sh.run("disclose", "1001", "--to", "Perintätoimisto Oy", "--what", "nimi, osoite, lasku 20001", "--reason", "perintä").out == "1\n")
        #expect(sh.run("disclose", "1001", "--to", "", "--what", "x").status == 1)
        sh.run("request", "add", "1001", "--type", "erasure", "--note", "Matti Virtanen pyysi poistoa")
        let forgotten = sh.run("forget", "1001", "--yes")
        #expect(forgotten.status == 0)
        #expect(forgotten.err.contains("Tell the recipients of their data about the erasure: Perintätoimisto Oy."))
        let requests = try #require(try sh.json("request", "list", "--format", "json") as? [[String: Any]])
        #expect(requests.first?["type"] as? String == "erasure")
        #expect(requests.first?["note"] is NSNull)
    }
}
