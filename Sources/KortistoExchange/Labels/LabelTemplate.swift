import Foundation
import KortistoCore

/// A label sheet's geometry in millimetres, origin at the sheet's top-left
/// (`Resources/labels/templates.json`, schema `label-templates/1`).
public struct LabelTemplate: Decodable, Sendable, Equatable {
    public struct Page: Decodable, Sendable, Equatable {
        public var size: String?
        public var widthMM: Double
        public var heightMM: Double
        enum CodingKeys: String, CodingKey { case size, widthMM = "width_mm", heightMM = "height_mm" }
    }

    public struct Label: Decodable, Sendable, Equatable {
        public var widthMM: Double
        public var heightMM: Double
        enum CodingKeys: String, CodingKey { case widthMM = "width_mm", heightMM = "height_mm" }
    }

    public struct Layout: Decodable, Sendable, Equatable {
        public var columns: Int
        public var rows: Int
        public var leftMM: Double
        public var topMM: Double
        public var pitchXMM: Double
        public var pitchYMM: Double
        enum CodingKeys: String, CodingKey {
            case columns, rows, leftMM = "left_mm", topMM = "top_mm", pitchXMM = "pitch_x_mm", pitchYMM = "pitch_y_mm"
        }
    }

    public struct Padding: Decodable, Sendable, Equatable {
        public var top: Double
        public var right: Double
        public var bottom: Double
        public var left: Double
    }

    public var id: String
    public var brand: String
    public var part: String
    public var aliases: [String]?
    public var description: String?
    public var page: Page
    public var label: Label
    public var layout: Layout
    public var padding: Padding?

    enum CodingKeys: String, CodingKey {
        case id, brand, part, aliases, description, page, label, layout
        case padding = "padding_mm"
    }

    public var labelsPerSheet: Int { layout.columns * layout.rows }
    public var insets: Padding { padding ?? Padding(top: 2, right: 2, bottom: 2, left: 3) }

    /// Top-left corner of label `index` (0-based, row by row) on its sheet, in mm.
    public func origin(of index: Int) -> (x: Double, y: Double) {
        let slot = index % labelsPerSheet
        return (layout.leftMM + Double(slot % layout.columns) * layout.pitchXMM, layout.topMM + Double(slot / layout.columns) * layout.pitchYMM)
    }

    /// Whether an id, part number or alias names this template (case-insensitive).
    public func matches(_ name: String) -> Bool {
        let key = name.lowercased()
        return id == key || part.lowercased() == key || "\(brand) \(part)".lowercased() == key
            || (aliases ?? []).contains { $0.lowercased() == key }
    }

    /// The sheets by the names `matches` takes (id, part number, brand and part, aliases).
    public static func catalog(_ templates: [LabelTemplate]) -> LabelSheetCatalog {
        LabelSheetCatalog(templates.map { ($0.id, [$0.part, "\($0.brand) \($0.part)"] + ($0.aliases ?? [])) })
    }

    struct File: Decodable {
        var schema: String
        var templates: [LabelTemplate]
    }

    /// Templates shipped in `Resources/labels/templates.json` plus the user's own
    /// (`$XDG_CONFIG_HOME/kortisto/labels.json`, same schema); the user's win on equal ids.
    public static func all(resources: ResourceFiles, environment: [String: String]) throws -> [LabelTemplate] {
        var templates: [LabelTemplate] = []
        if let data = resources.data("labels/templates.json") {
            templates = try decode(data, from: resources.origin("labels/templates.json"))
        }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        let userPath = config + "/kortisto/labels.json"
        if let data = FileManager.default.contents(atPath: userPath) {
            let own = try decode(data, from: userPath)
            templates.removeAll { template in own.contains { $0.id == template.id } }
            templates += own
        }
        return templates
    }

    static func decode(_ data: Data, from path: String) throws -> [LabelTemplate] {
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            guard file.schema == "label-templates/1" else { throw TemplateError(message: "\(path): unknown schema '\(file.schema)'") }
            for t in file.templates {
                guard t.layout.columns > 0, t.layout.rows > 0, t.label.widthMM > 0, t.label.heightMM > 0,
                      t.page.widthMM > 0, t.page.heightMM > 0 else {
                    throw TemplateError(message: "\(path): template \(t.id) has an impossible geometry")
                }
            }
            return file.templates
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(message: "\(path) is not a valid label template file: \(error)")
        }
    }

    public struct TemplateError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
