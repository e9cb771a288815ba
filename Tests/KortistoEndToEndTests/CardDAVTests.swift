import Foundation
import KortistoTestSupport
import Testing

/// `kortisto sync` with a real CardDAV server between it and a phone: Radicale, and vdirsyncer
/// keeping the vdir and the server in step (both from PyPI; `.ci/run` installs them). The
/// script plays the phone over HTTP: an edit and a new contact come in, the register's edit and
/// a forget go out, a ban stays the register's, and a settled round changes nothing.
@Suite struct CardDAVTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CardDAV/roundtrip.sh").path
    static let ready = ThirdParty.program("radicale") != nil && ThirdParty.program("vdirsyncer") != nil && ThirdParty.program("curl") != nil

    @Test(.enabled(if: ready, "Radicale, vdirsyncer or curl is not installed (pip install radicale vdirsyncer)"))
    func aPhoneThroughRadicaleAndVdirsyncer() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["K"] = Binary.path
        environment["KORTISTO_TODAY"] = "2025-06-15"
        let result = try spawn(["/bin/bash", Self.script], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("carddav: all checks passed"), "\(result.stdout)")
    }
}
