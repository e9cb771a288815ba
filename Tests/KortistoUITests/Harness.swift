import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import KortistoUI
import TUIKit

/// An App over a real register in a temporary folder, with the real string tables.
final class Harness {
    let folder = TemporaryFolder("kortisto-ui")
    let register: Register
    var app: App
    let today = LocalDate(year: 2025, month: 6, day: 15)!

    init(language: Strings.Language = .en, width: Int = 100, height: Int = 30, setup: (Register, LocalDate) throws -> Void = { _, _ in }) throws {
        register = try Register.open(at: folder.file("r.sqlite"))
        try setup(register, today)
        let strings = Strings.load(language, from: ResourceFiles.builtIn)
        app = App(data: register, strings: strings, today: today, width: width, height: height)
    }

    @discardableResult
    func type(_ script: String) -> AppAction { app.type(script) }

    var text: String { app.screen.text }
    var screen: Screen { app.screen }

    /// The list's rows as text (left of the card pane), without the header.
    var listRows: [String] {
        let screen = app.screen
        let listWidth = screen.width >= 90 ? screen.width * 11 / 20 - 1 : screen.width
        return (3..<(screen.height - 2)).map { y in
            String(screen.line(y).prefix(listWidth)).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    /// Lines of the screen that contain `needle`.
    func lines(containing needle: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains(needle) }
    }

    static func add(_ register: Register, _ today: LocalDate, _ first: String, _ last: String,
                    _ configure: (inout CustomerInput) -> Void = { _ in }) throws -> Int64 {
        var input = CustomerInput(firstName: first, lastName: last)
        configure(&input)
        return try register.addCustomer(input.validate(today: today), today: today)
    }

    /// Three customers, enough for most screens.
    static func basic(_ register: Register, _ today: LocalDate) throws {
        _ = try add(register, today, "Matti", "Virtanen") {
            $0.email = "matti@example.fi"; $0.phone = "040 123 4567"; $0.street = "Kauppakatu 1"; $0.postcode = "40100"
            $0.town = "Jyväskylä"; $0.organisation = "Virtasen Puu Oy"; $0.title = "Toimitusjohtaja"; $0.birthdate = "12.4.1985"
            $0.since = "1.2.2019"
        }
        _ = try add(register, today, "Aino", "Öhman") { $0.town = "Turku"; $0.birthdate = "18.6.1990" }
        _ = try add(register, today, "Åke", "Åberg") { $0.town = "Porvoo" }
    }
}
