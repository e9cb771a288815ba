/// A spreadsheet (Office Open XML, `.xlsx`) of one sheet, written as it is read: every cell is
/// a text cell in the text format (`@`), so postcodes (`00100`), phones and codes stay exactly
/// as they are and no cell is ever a formula. The package is a ZIP of stored (uncompressed)
/// entries; the sheet is streamed, its size and CRC given after it (a data descriptor).
///
/// `start()`, then `row(_:)` for each row (rows carry no cell references, so they can be made
/// on any thread and in any number), then `finish()`; each returns the bytes to write next.
public struct XLSXWriter {
    public let sheetName: String
    public let columns: Int
    private var zip = ZipStream()
    private var rows = 0

    /// The most rows a sheet holds (Excel's limit, header included).
    public static let maxRows = 1_048_576

    public struct TooManyRows: Error, CustomStringConvertible {
        public let rows: Int
        public var description: String { "a workbook sheet holds at most \(XLSXWriter.maxRows - 1) rows; this export has more (\(rows)): use CSV" }
    }

    public init(sheetName: String, columns: Int) {
        self.sheetName = sheetName
        self.columns = max(columns, 1)
    }

    /// The package's fixed parts, then the sheet's beginning.
    public mutating func start() -> [UInt8] {
        var out: [UInt8] = []
        for (name, text) in Self.parts(sheetName: Self.escape(String(sheetName.prefix(31)))) { out += zip.entry(name, Array(text.utf8)) }
        out += zip.beginStreamed("xl/worksheets/sheet1.xml")
        let last = Self.columnName(columns)
        out += zip.streamed(Array(("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <dimension ref="A1:\(last)1"/>\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
        <sheetFormatPr defaultRowHeight="15"/>\
        <cols><col min="1" max="\(columns)" width="18" customWidth="1" style="1"/></cols>\
        <sheetData>
        """).utf8))
        return out
    }

    /// The header row, in bold.
    public mutating func header(_ cells: [String]) throws -> [UInt8] {
        try add(Self.rowXML(cells, style: 2))
    }

    /// One row of text cells.
    public mutating func row(_ cells: [String]) throws -> [UInt8] {
        try add(Self.rowXML(cells, style: 1))
    }

    /// Rows made elsewhere (`rowXML`), counted.
    public mutating func add(_ xml: [UInt8], rows count: Int = 1) throws -> [UInt8] {
        rows += count
        guard rows < Self.maxRows else { throw TooManyRows(rows: rows) }
        return zip.streamed(xml)
    }

    /// The sheet's end, and the package's directory; `rows` (when counted elsewhere) is checked
    /// against what a sheet holds.
    public mutating func finish(rows counted: Int? = nil) throws -> [UInt8] {
        let total = counted.map { $0 + 1 } ?? rows
        guard total < Self.maxRows else { throw TooManyRows(rows: total - 1) }
        var out = zip.streamed(Array("</sheetData></worksheet>".utf8))
        out += zip.endStreamed()
        out += zip.directory()
        guard zip.fitsWithoutZip64 else { throw TooLarge() }
        return out
    }

    public struct TooLarge: Error, CustomStringConvertible {
        public var description: String { "the workbook would be larger than 4 GiB; export as CSV" }
    }

    /// A row as the sheet writes it: cells by position, each an inline string.
    public static func rowXML(_ cells: [String], style: Int = 1) -> [UInt8] {
        var out: [UInt8] = Array("<row>".utf8)
        for cell in cells {
            if cell.isEmpty {
                out += Array("<c s=\"\(style)\"/>".utf8)
                continue
            }
            out += Array("<c t=\"inlineStr\" s=\"\(style)\"><is><t xml:space=\"preserve\">".utf8)
            appendEscaped(cell, to: &out)
            out += Array("</t></is></c>".utf8)
        }
        out += Array("</row>".utf8)
        return out
    }

    /// `A`…`Z`, `AA`…: the name of column `n` (from 1).
    static func columnName(_ n: Int) -> String {
        var n = n, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// XML text: `& < > "` escaped; characters XML 1.0 cannot hold (controls other than tab and
    /// line breaks) become U+FFFD, so a stray byte never makes the file unreadable.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += [0x26, 0x61, 0x6D, 0x70, 0x3B]
            case "<": out += [0x26, 0x6C, 0x74, 0x3B]
            case ">": out += [0x26, 0x67, 0x74, 0x3B]
            case "\"": out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]
            case "\t", "\n", "\r": out.append(UInt8(scalar.value))
            default:
                let v = scalar.value
                let allowed = v >= 0x20 && !(0xFFFE...0xFFFF).contains(v)
                out += Array(String(allowed ? Character(scalar) : "\u{FFFD}").utf8)
            }
        }
    }

    /// The package's parts other than the sheet: what each is, how they relate, the styles
    /// (0 default, 1 text, 2 bold text).
    static func parts(sheetName: String) -> [(String, String)] {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return [
            ("[Content_Types].xml", xml + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="\(type).sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="\(type).worksheet+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="\(type).styles+xml"/>\
            </Types>
            """),
            ("_rels/.rels", xml + """
            <Relationships xmlns="\(relationships)">\
            <Relationship Id="rId1" Type="\(officeDocument)/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """),
            ("xl/workbook.xml", xml + """
            <workbook xmlns="\(main)" xmlns:r="\(officeDocument)">\
            <sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets>\
            </workbook>
            """),
            ("xl/_rels/workbook.xml.rels", xml + """
            <Relationships xmlns="\(relationships)">\
            <Relationship Id="rId1" Type="\(officeDocument)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(officeDocument)/styles" Target="styles.xml"/>\
            </Relationships>
            """),
            ("xl/styles.xml", xml + """
            <styleSheet xmlns="\(main)">\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            <xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """),
        ]
    }
}
