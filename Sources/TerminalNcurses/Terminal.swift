import CNCursesW
import Foundation
import TUIKit

/// Why the full-screen interface cannot start (said by the command that starts it, in the
/// interface's language: `TerminalError.refusal` in KortistoCLI).
public enum TerminalError: Error {
    case notATerminal
    case dumbTerminal
    /// curses does not know the terminal type `TERM` names.
    case unknownType(String)
}

/// The only code that talks to ncurses: events in, a Screen out. It draws the grid as given
/// (ncurses does the diffing) and restores the terminal however the program ends.
public final class Terminal {
    private var colorPairs: [Color: Int16] = [:]
    private var useColor = false

    /// Why the interface could not start on this process's terminal (no terminal, a dumb one,
    /// one curses does not know), found before curses starts: checked before the register is
    /// opened, so a register is not made for an interface that cannot run.
    public static func check(environment: [String: String]) throws(TerminalError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else { throw .dumbTerminal }
        guard kortisto_knows_terminal(term) == 1 else { throw .unknownType(term) }
    }

    /// Starts curses on the process's terminal. Call `close()` when done.
    public static func open(environment: [String: String]) throws(TerminalError) -> Terminal {
        try check(environment: environment)
        let term = environment["TERM"] ?? ""
        setlocale(LC_ALL, "")
        if String(cString: kortisto_codeset()) != "UTF-8" {
            // No UTF-8 locale set: C.UTF-8 always exists on Debian and renders ä, ö and CJK right.
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // Esc must feel immediate; the default waits a whole second for an escape sequence.
        if environment["ESCDELAY"] == nil { kortisto_set_escdelay(25) }
        // A parent may have left signals blocked; resizing, suspending and ending must work.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signalNumber in [SIGWINCH, SIGTSTP, SIGCONT] + Terminal.endingSignals { sigaddset(&signals, signalNumber) }
        sigprocmask(SIG_UNBLOCK, &signals, nil)
        guard kortisto_newterm() != nil else { throw .unknownType(term) }
        let terminal = Terminal()
        Terminal.installCrashGuards()
        raw()
        noecho()
        nonl()
        keypad(kortisto_stdscr(), true)
        curs_set(0)
        if environment["NO_COLOR"] == nil && has_colors() {
            start_color()
            use_default_colors()
            terminal.useColor = true
            let palette: [(Color, Int16)] = [(.red, Int16(COLOR_RED)), (.green, Int16(COLOR_GREEN)), (.yellow, Int16(COLOR_YELLOW)),
                                            (.blue, Int16(COLOR_BLUE)), (.magenta, Int16(COLOR_MAGENTA)), (.cyan, Int16(COLOR_CYAN)),
                                            (.gray, Int16(COLOR_WHITE))]
            for (index, (color, code)) in palette.enumerated() {
                init_pair(Int16(index + 1), code, -1)
                terminal.colorPairs[color] = Int16(index + 1)
            }
        }
        return terminal
    }

    /// Restores cooked mode, the main screen and the cursor. Safe to call twice.
    public func close() {
        Terminal.restore()
    }

    static func restore() {
        if isendwin() == false {
            curs_set(1)
            endwin()
        }
    }

    /// Every signal whose default ends the process, and the traps: restore the terminal, then
    /// die as before. Linux's list (signal(7)), with the real-time signals glibc leaves to
    /// programs (34…64; 32 and 33 are its own). SIGPIPE is ignored by the program itself.
    static let endingSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE,
                                         SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPWR, SIGSYS, SIGSTKFLT, SIGIO]
        + Array(34...64)

    private static func installCrashGuards() {
        for signalNumber in endingSignals {
            signal(signalNumber) { received in
                Terminal.restore()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    public var size: (width: Int, height: Int) {
        (Int(kortisto_cols()), Int(kortisto_lines()))
    }

    /// Copies the grid to the terminal in runs of one style.
    public func draw(_ screen: Screen) {
        erase()
        for y in 0..<screen.height {
            var x = 0
            while x < screen.width {
                let style = screen[x, y].style
                var run: [wchar_t] = []
                let start = x
                while x < screen.width && screen[x, y].style == style {
                    let cell = screen[x, y]
                    if !cell.isContinuation {
                        for scalar in cell.text.unicodeScalars { run.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    x += 1
                }
                attrset(Int32(bitPattern: attributes(style)))
                run.append(0)
                // The bottom-right cell makes addstr report an error after writing; that is fine.
                _ = mvaddnwstr(Int32(y), Int32(start), run, Int32(run.count - 1))
            }
        }
        attrset(Int32(bitPattern: kortisto_a_normal()))
        if let cursor = screen.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    private func attributes(_ style: Style) -> attr_t {
        var attr = kortisto_a_normal()
        if style.bold { attr |= kortisto_a_bold() }
        if style.reverse { attr |= kortisto_a_reverse() }
        if style.underline { attr |= kortisto_a_underline() }
        if style.dim { attr |= kortisto_a_dim() }
        if useColor, let color = style.foreground, let pair = colorPairs[color] { attr |= kortisto_color_pair(Int32(pair)) }
        return attr
    }

    /// Waits for the next key or resize; with `tickAfter` (milliseconds), returns `.tick` once
    /// that long has passed without one.
    public func nextEvent(tickAfter milliseconds: Int? = nil) -> TerminalEvent {
        let deadline = milliseconds.map { Terminal.monotonicMilliseconds() + $0 }
        while true {
            // A signal may end the wait early: wait only for what is left of the interval.
            let left = deadline.map { max(0, $0 - Terminal.monotonicMilliseconds()) }
            wtimeout(kortisto_stdscr(), Int32(clamping: left ?? -1))
            var value: wint_t = 0
            let kind = get_wch(&value)
            if kind == KEY_CODE_YES {
                if let event = Terminal.special(Int32(value)) { return event }
            } else if kind == OK {
                if let key = Terminal.character(UInt32(value)) { return .key(key) }
            } else if let deadline, Terminal.monotonicMilliseconds() >= deadline {
                return .tick
            }
        }
    }

    /// A key or resize already waiting, or nil at once (keys typed ahead of the screen).
    public func pendingEvent() -> TerminalEvent? {
        wtimeout(kortisto_stdscr(), 0)
        var value: wint_t = 0
        while true {
            let kind = get_wch(&value)
            if kind == KEY_CODE_YES {
                if let event = Terminal.special(Int32(value)) { return event }
            } else if kind == OK {
                if let key = Terminal.character(UInt32(value)) { return .key(key) }
            } else {
                return nil
            }
        }
    }

    static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }

    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        case 0, 28...31: return nil
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    static func special(_ code: Int32) -> TerminalEvent? {
        switch code {
        case KEY_RESIZE: return .resize(width: Int(kortisto_cols()), height: Int(kortisto_lines()))
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        default:
            for n in 1...12 where code == kortisto_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    /// Ctrl-Z: hand the terminal back to the shell, stop, and redraw everything on `fg`.
    public func suspend() {
        endwin()
        raise(SIGTSTP)
        // Resumed.
        refresh()
        clearok(kortisto_stdscr(), true)
    }
}
