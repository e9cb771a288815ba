import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A review's bulk forget reads every forgotten person's synced card files at once: more people
/// than SQLite binds in one query are read 500 at a time, each file once.
@Suite struct SyncCardFilesTests {
    @Test func moreNumbersThanOneQueryBinds() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 1300, organisations: 10, seed: 2, today: f.today)
        try f.register.db.execute("""
            INSERT INTO sync_card(vdir, uid, file, customer_number, base)
            SELECT '/kortit', 'uid-' || number, 'k-' || number || '.vcf', number, '{}' FROM customer;
            """)
        let numbers = (1001...2300).map(Int64.init)
        // Past the bound values SQLite takes in one query (32,766; 250,000 as Debian builds it): numbers with no card among them.
        let files = try f.register.syncCardFiles(of: numbers + (10_000...300_000).map(Int64.init))
        #expect(files.count == 1300)
        #expect(Set(files.map(\.customer)) == Set(numbers))
        #expect(files.allSatisfy { $0.file == "/kortit/k-\($0.customer).vcf" })
        #expect(try f.register.syncCardFiles(of: []).isEmpty)
    }
}
