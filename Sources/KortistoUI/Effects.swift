import KortistoCore
import TUIKit

/// What a screen asks the program to do after a key. Screens own their state and change only
/// it; the program owns the stack of screens, the message line and the list, and does these in
/// order (`App.apply`). So a screen cannot half-change another's state, and what a key does is
/// visible in what it returns.
enum Effect {
    /// Open a screen over the topmost one.
    case push(Overlay)
    /// Close the topmost screen.
    case pop
    /// Close the topmost screen if it is this customer's card (the customer is gone).
    case closeCard(Int64)
    /// Say what was done (the message line).
    case say(String)
    /// Say what went wrong or was refused.
    case warn(String)
    /// Say an error in the interface's language.
    case report(any Error)
    /// The register changed: counts, the list, reminders, and every screen drawn from it.
    case refresh
    /// The list's rows changed in place (a ban, a flag): reload the visible window only.
    case reloadList
    /// Show this customer in the list (clearing a filter that would hide them).
    case select(Int64)
    /// Show these errors at the fields of the form on top (a job's form: its work failed).
    case fieldErrors(ValidationErrors)
    /// A long piece of work with a progress bar; its effects follow when it is done.
    case job(Job)
    /// End the program (the question about unsaved forms has been answered).
    case quit
}

/// A long piece of work (an import): reports progress as (what, done, total) and returns what
/// is to be done when it ends; throwing says the error and leaves the screens as they were.
struct Job {
    let work: (_ progress: (String, Int, Int) -> Void) throws -> [Effect]
}

/// What a screen may use to handle a key or draw: the register, the words, today and the
/// window's size, and the services the entry point gave. Read-only: a screen changes the
/// program only through the effects it returns.
struct ScreenContext {
    let data: any RegisterAccess
    let strings: Strings
    let today: LocalDate
    let width: Int
    let height: Int
    let noticeTemplate: [String: String]?
    let accessReports: (any AccessReporting)?
    let labelPrinting: (any LabelPrinting)?
    let importer: (any CustomerImporting)?

    /// Lines of a full-screen text (help, notice, report): all but the title, a blank line, the
    /// message and the footer.
    var textHeight: Int { max(1, height - 4) }

    /// A footer from a key table, in the interface's words.
    func footer<C>(_ keys: KeyMap<C>) -> [(String, String)] {
        keys.footer.map { ($0.keys.isEmpty ? "" : $0.keys, strings[$0.label]) }
    }

    /// What a forget left to finish, in a sentence or two (empty when nothing).
    func pendingErasureWork(_ outcome: ErasureOutcome) -> String {
        (outcome.logged ? "" : " " + strings["message.erasure_log_pending"]) + (outcome.scrubbed ? "" : " " + strings["message.scrub_pending"])
    }
}

extension App {
    /// The context the screens see now.
    var context: ScreenContext {
        ScreenContext(data: data, strings: strings, today: today, width: width, height: height, noticeTemplate: noticeTemplate,
                      accessReports: accessReports, labelPrinting: labelPrinting, importer: importer)
    }
}
