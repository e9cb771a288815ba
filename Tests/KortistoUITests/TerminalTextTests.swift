import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import KortistoUI
import Testing
import TUIKit

/// TUIKit's measures of terminal text (moved here from Core, which knows no terminals).
@Suite struct TerminalTextTests {

    @Test func displayWidth() {
        #expect(DisplayWidth.of("Mäkelä") == 6)
        #expect(DisplayWidth.of("a\u{0308}") == 1)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.fit("Virtanen", 5) == "Virt…")
        #expect(DisplayWidth.fit("Aino", 6) == "Aino  ")
    }

    /// Whatever a stored value holds, what reaches the terminal cannot control it; the input
    /// validation in Core refuses exactly the characters the terminal side replaces.
    /// The width read from the bytes alone equals the width character by character, for every
    /// scalar up to U+0400 alone, after a letter and before a combining mark, and for text.
    @Test func widthFromBytesEqualsWidthByCharacter() {
        func byCharacter(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.of($1) } }
        for value in 0...0x400 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "a" + String(scalar), String(scalar) + "ä", String(scalar) + "\u{0308}", "Öö" + String(scalar) + String(scalar)] {
                #expect(DisplayWidth.of(text) == byCharacter(text), "U+\(String(value, radix: 16))")
            }
        }
        for text in ["Äijä Kääriäinen", "Åke Ödmark-Ñúñez", "ÿ", "\u{00AD}", "a\r\nb", "Zbysław Łęcki", "Ольга", "漢字", "😀x", ""] {
            #expect(DisplayWidth.of(text) == byCharacter(text), "\(text)")
        }
    }

    @Test func controlCharactersBecomeVisible() {
        #expect(TerminalText.displayable("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(TerminalText.displayable("x\u{7F}\u{85}\u{202E}y") == "x\u{2421}\u{FFFD}\u{FFFD}y")
        #expect(TerminalText.displayable("rivi\r\nrivi\t!", keepingLineBreaks: true) == "rivi\r\nrivi\t!")
        for value in UInt32(0)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(TextInput.isControl(scalar) == TerminalText.isControl(scalar), "U+\(String(value, radix: 16))")
        }
    }
}

/// Validation speaks the interface's language: every sentence a validator can say (found in the
/// sources, so a new one is checked without a new test) has its words in both tables.
@Suite struct ValidationLanguageTests {
    static func sentences() throws -> [String] {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for match in text.matches(of: /FieldError\((?:[^,()"]|"[^"]*"|\([^()]*\))+, "((?:[^"\\]|\\.)*)"/) {
                found.append(String(match.output.1))
            }
            // The use cases' refusals, why a file cannot be read and what opening a register
            // says, which the interface shows too.
            for match in text.matches(of: /(?:Refusal|ReadError|Announcement)\("((?:[^"\\]|\\.)*)"/) where !match.output.1.hasPrefix("\\(") {
                found.append(String(match.output.1))
            }
        }
        return found
    }

    @Test(arguments: [Strings.Language.en, .fi])
    func everySentenceHasItsWords(_ language: Strings.Language) throws {
        let strings = Strings.load(language, from: ResourceFiles.builtIn)
        let sentences = try Self.sentences()
        #expect(sentences.count > 50)
        for sentence in sentences {
            #expect(!sentence.contains("\\("), "an interpolated sentence cannot be translated: \(sentence)")
            #expect(strings.keys.contains("validation." + sentence), "\(language): no words for '\(sentence)'")
        }
    }

    /// Typed in the Finnish form, a bad date and a bad e-mail are refused in Finnish.
    @Test func theFinnishFormRefusesInFinnish() throws {
        let h = try Harness(language: .fi, setup: Harness.basic)
        h.type("e")
        h.type("<Down><Down><Down><Down><C-u>matti(at)example.fi<Down><Down><Down><Down><Down><Down><C-u>eilen<C-s>")
        #expect(h.text.contains("'matti(at)example.fi' ei ole sähköpostiosoite"), "\(h.text)")
        #expect(h.text.contains("'eilen' ei ole päivämäärä"), "\(h.text)")
        #expect(!h.text.contains("is not"), "\(h.text)")
    }
}

/// Every move of a scrolling text, from every position, stays between the top and the point
/// where the last line stands at the bottom; a text that fits never scrolls.
@Suite struct ScrollTests {
    @Test func everyMoveStaysWithinTheLines() {
        let moves: [Scroll.Move] = [.lineDown, .lineUp, .pageDown, .pageUp, .top, .bottom]
        for lines in [0, 1, 5, 26, 100] {
            for visible in [1, 10, 26] {
                var scroll = Scroll()
                for step in 0..<200 {
                    scroll.apply(moves[(step * 7 + lines) % moves.count], lines: lines, visible: visible)
                    #expect(scroll.offset >= 0 && scroll.offset <= max(0, lines - visible), "\(lines) lines, \(visible) visible")
                }
                scroll.apply(.bottom, lines: lines, visible: visible)
                #expect(scroll.offset == max(0, lines - visible))
                scroll.apply(.pageUp, lines: lines, visible: visible)
                #expect(scroll.offset == max(0, lines - visible - visible), "PgUp from the bottom moves at once")
            }
        }
    }
}
