import KortistoCore
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
