import Testing
import TUIKit

/// Found: Backspace at the end of a one-letter field crashed the program (and everything typed
/// was lost); at the end of a longer one the cursor went one too far left (`abcdef` and three
/// Backspaces gave `abe`). Every editing key at every cursor position of short texts.
@Suite struct TextFieldTests {
    static let texts = ["", "a", "ab", "Mäk", "äöå€"]

    @Test(arguments: texts)
    func everyEditingKeyAtEveryPosition(_ text: String) {
        let characters = Array(text)
        for position in 0...characters.count {
            var field = TextField(text)
            field.cursor = position
            _ = field.handle(.backspace)
            #expect(field.text == String(characters.enumerated().filter { $0.offset != position - 1 }.map(\.element)), "\(text) at \(position)")
            #expect(field.cursor == max(0, position - 1))

            field = TextField(text)
            field.cursor = position
            _ = field.handle(.delete)
            #expect(field.text == String(characters.enumerated().filter { $0.offset != position }.map(\.element)))
            #expect(field.cursor == position)

            field = TextField(text)
            field.cursor = position
            _ = field.handle(.character("Z"))
            var inserted = characters
            inserted.insert("Z", at: position)
            #expect(field.text == String(inserted) && field.cursor == position + 1)

            field = TextField(text)
            field.cursor = position
            _ = field.handle(.ctrl("u"))
            #expect(field.text.isEmpty && field.cursor == 0)

            field = TextField(text)
            field.cursor = position
            _ = field.handle(.ctrl("k"))
            #expect(field.text == String(characters[..<position]) && field.cursor == position)
        }
    }

    @Test func typingThenErasingEverythingLeavesAnEmptyField() {
        var field = TextField()
        for key in Key.script("abcdef") { _ = field.handle(key) }
        for _ in 0..<3 { _ = field.handle(.backspace) }
        #expect(field.text == "abc" && field.cursor == 3)
        for _ in 0..<10 { _ = field.handle(.backspace) }
        #expect(field.text.isEmpty && field.cursor == 0)
    }
}
