import Foundation
import KortistoCore
import KortistoApp
import KortistoExchange
import KortistoStore
import KortistoUI
import TUIKit

// Measures what a person feels: opening the register, search-as-you-type, adding a customer,
// and memory. Prints figures; judges nothing (shared machines are noisy). Build with -c release.
//
//   kortisto-bench [--sizes 1000,10000,100000] [--queries N] [--per-query]   (1000000 works too)
//   kortisto-bench --register PATH [--per-query]     (measure an existing register; it gets
//                                                     20 "Bench" customers added: use a copy)
//   kortisto-bench --help
//
// Targets at 100k customers: open < 20 ms, search median < 5 ms and p99 < 20 ms.

/// Prefix queries of 1–4 letters as typed, plus whole words, two-word and phone queries.
let querySet = [
    "v", "vi", "vir", "virt", "m", "mä", "mäk", "mäke", "k", "ko", "kor", "korh", "a", "å", "ö", "öhm",
    "s", "sa", "sal", "salo", "hel", "jyv", "tampere", "matti", "matti virt", "aino l", "040", "050 1",
    "example", "toimitus", "x", "zz", "oy", "puu",
]

/// Two-word queries as typed, a letter at a time: surnames are not spread evenly in name order.
let twoWordSet = ["virtanen h", "virtanen hel", "matti v", "matti vi", "matti virt", "aino l", "mäki j", "korhonen t", "anna k", "juha m"]

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
    return sorted[max(0, index)]
}

/// This process's peak resident memory. `VmHWM` belongs to the process's own memory map;
/// `ru_maxrss` (the fallback) is carried over exec on Linux, so a child started by a large
/// parent would report the parent's peak.
func peakMemoryMB() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
        return kilobytes / 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // kilobytes on Linux
}

func fmt(_ value: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", value) }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kortisto-bench: \(message)\n".utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
let today = LocalDate.today()
/// The interface's connection, as `kortisto tui` opens it (`--mapped`: as commands do).
let interfaceMemory: Register.MemoryUse = arguments.contains("--mapped") ? .mapped : .small

if arguments.contains("--help") || arguments.contains("-h") {
    print("""
        Usage: kortisto-bench [--sizes 1000,10000,100000] [--queries N] [--per-query] [--labels N]
               kortisto-bench --register PATH [--per-query]

        Measures Kortisto on generated registers (release build: swift build -c release) and prints
        figures; judges nothing. For each size: open, search windows (median and p99, and the p99 of
        two-word queries typed a letter at a time), counts, adding, forgetting one, the retention scan,
        the interface's first screen, keystroke and PgDn, the label dialog's preview, how many searches
        a burst of typing runs, and the peak memory of the interface in a process of its own. On the
        largest size, whole commands through the kortisto binary beside this one: exports, list,
        list --search, labels, imports and the retention review's bulk forget, each with its time and
        peak memory.

          --sizes N,N,...   customers per register (default 1000,10000,100000; 1000000 takes minutes)
          --queries N       searches per size (default 200)
          --per-query       the median time of each query, slowest first
          --labels N        labels in the PDF writer's own measurement (default 100000)
          --register PATH   measure an existing register instead (it gets 20 customers added: use a copy)
          --quick           leave out the whole commands
          --runs N          runs of each whole command (default 3; 1 is enough at a million)
          --mapped          the interface's connection mapped as a command's is (for comparison)
          --probe Q,Q,...   with --register: each query's window in turn on one connection, its time
                            and plan, and the time to count its matches (the sequence --runs times);
                            "matti,matti ,matti v" is typing
          --help            this help
        """)
    exit(0)
}

// Child mode: the full-screen interface over a register, used as a person would (typing
// searches, paging, opening a card); prints its peak memory in MB.
if arguments.first == "--tui-child", arguments.count == 2 {
    do {
        let register = try Register.open(at: arguments[1])
        try register.use(memory: interfaceMemory)
        var app = App(data: register, strings: Strings.load(.fi, from: ResourceFiles.builtIn), today: today, width: 100, height: 30)
        _ = app.screen
        for word in ["virtanen", "matti vi", "jyväskylä", "öhrnberg", "oy", "example", ""] {
            _ = app.update(.key(.character("/")))
            for character in word {
                _ = app.update(.key(.character(character)))
                _ = app.screen
            }
            _ = app.update(.key(.enter))
            for _ in 0..<20 { _ = app.update(.key(.pageDown)); _ = app.screen }
            _ = app.update(.key(.end)); _ = app.screen
            _ = app.update(.key(.enter)); _ = app.screen
            _ = app.update(.key(.escape)); _ = app.screen
            _ = app.update(.key(.home)); _ = app.screen
        }
        print(fmt(peakMemoryMB(), 1))
        exit(0)
    } catch {
        fail("\(error)")
    }
}

// Child mode: generate one register, so the parent's peak memory is the reader's alone.
if arguments.first == "--generate-into", arguments.count == 3, let count = Int(arguments[2]) {
    do {
        try Register.open(at: arguments[1]).fillSynthetic(customers: count, organisations: max(1, count / 20), seed: 42, today: today)
        exit(0)
    } catch {
        fail("\(error)")
    }
}

// Child mode: write N labels to a PDF and print "milliseconds peakMB" (its own process, so the
// peak memory is the PDF writer's alone).
if arguments.first == "--pdf-child", arguments.count == 3, let count = Int(arguments[2]) {
    do {
        let templates = try LabelTemplate.all(resources: ResourceFiles.builtIn, environment: [:])
        guard let template = templates.first(where: { $0.matches("avery-l7160") }) else { fail("label templates not found") }
        let towns = ["HELSINKI", "JYVÄSKYLÄ", "TAMPERE", "ÄHTÄRI"]
        // Built before the clock starts: the writer is what is measured.
        let entries = (0..<count).map { i in
            LabelEntry(number: Int64(i), name: "Asiakas \(i)",
                       lines: ["Äijä Kääriäinen \(i)", "Kide Media Oy", "Jäkäläpolku \(i % 90) A \(i % 40)", "0\(1000 + i % 9000) \(towns[i % 4])"])
        }
        let ms = try milliseconds { _ = try LabelSheet.writePDF(entries, template: template, to: arguments[1]) }
        print("\(fmt(ms, 0)) \(fmt(peakMemoryMB(), 1))")
        exit(0)
    } catch {
        fail("\(error)")
    }
}

func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let sizes = (option("--sizes") ?? "1000,10000,100000").split(separator: ",").compactMap { Int($0) }
let repetitions = Int(option("--queries") ?? "") ?? 200
let perQuery = arguments.contains("--per-query")
let existing = option("--register")
let commandRuns = max(1, Int(option("--runs") ?? "") ?? 3)
guard !sizes.isEmpty, repetitions > 0 else { fail("usage: kortisto-bench [--sizes 1000,10000,100000] [--queries N]") }

// Probe mode: windows of the queries given, asked one after another on one connection as the
// interface opens it (a query typed a letter at a time is its prefixes in turn), each with its
// time and the plan SQLite was given; the sequence again `--runs` times.
if let probe = option("--probe"), let path = existing {
    do {
        let register = try Register.open(at: path)
        try register.use(memory: interfaceMemory)
        for run in 1...commandRuns {
            for text in probe.split(separator: ",").map(String.init) {
                let query = SearchQuery(text)
                let walkedBefore = register.windowsWalkedTogether
                let ms = try milliseconds { _ = try register.customers(matching: query, limit: 40) }
                let together = register.windowsWalkedTogether > walkedBefore
                let plan = run > 1 ? "" : together ? "  walked together" : "  " + (try register.explainWindow(query)).joined(separator: " | ")
                let counted = try milliseconds { _ = try register.countCustomers(matching: query) }
                print("\(fmt(ms))  \"\(text)\"  (counted in \(fmt(counted)))\(plan)")
            }
        }
        exit(0)
    } catch {
        fail("\(error)")
    }
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kortisto-bench-\(getpid())").path
try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

var rows: [[String]] = []
var slowest: [(query: String, ms: Double)] = []
var viewLines: [String] = []
for size in existing == nil ? sizes : [0] {
    let path = existing ?? folder + "/bench-\(size).sqlite"
    var generateMs = 0.0
    if existing == nil {
    let generator = Process()
    generator.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    generator.arguments = ["--generate-into", path, String(size)]
    do {
        generateMs = try milliseconds {
            try generator.run()
            generator.waitUntilExit()
        }
    } catch {
        fail("cannot start the generator: \(error)")
    }
    guard generator.terminationStatus == 0 else { fail("generating \(size) customers failed") }
    }
    let bytes = ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? NSNumber }
    let fileMB = Double(bytes.reduce(0) { $0 + $1.intValue }) / 1_048_576

    do {
        // Open: the cold path a person waits for when starting Kortisto (median of 7).
        var opens: [Double] = []
        var register: Register!
        for _ in 0..<7 {
            register = nil
            opens.append(try milliseconds { register = try Register.open(at: path) })
        }
        // Search as you type: one visible window (40 rows) per query, the TUI's request.
        var windows: [Double] = []
        var counts: [Double] = []
        var byQuery: [String: [Double]] = [:]
        for round in 0..<repetitions {
            let text = querySet[round % querySet.count]
            let query = SearchQuery(text)
            let window = try milliseconds { _ = try register.customers(matching: query, limit: 40) }
            windows.append(window)
            byQuery[text, default: []].append(window)
            counts.append(try milliseconds { _ = try register.countCustomers(matching: query) })
        }
        if let explain = option("--explain") { print(try register.explainWindow(SearchQuery(explain)).joined(separator: "\n")) }
        let size = try register.countCustomers()
        // The full-screen interface at 100×30: first screen drawn into the grid (open included),
        // one search keystroke to a redrawn screen, and PgDn.
        let strings = Strings.load(.en, from: ResourceFiles.builtIn)
        var app: App!
        let firstScreen = try milliseconds {
            let fresh = try Register.open(at: path)
            try fresh.use(memory: interfaceMemory)
            app = App(data: fresh, strings: strings, today: today, width: 100, height: 30)
            _ = app.screen
        }
        var keystrokes: [Double] = []
        for word in ["virtanen", "matti", "jyväskylä", "öhman", "oy", "example"] {
            _ = app.update(.key(.character("/")))
            for character in word {
                keystrokes.append(milliseconds {
                    _ = app.update(.key(.character(character)))
                    _ = app.screen
                })
            }
            // The word rubbed out before Esc: the first screen may be a view that Esc closes,
            // leaving the word on the search line for the next one to be typed after.
            for _ in word { _ = app.update(.key(.backspace)) }
            _ = app.update(.key(.escape))
        }
        var pages: [Double] = []
        for _ in 0..<60 {
            pages.append(milliseconds {
                _ = app.update(.key(.pageDown))
                _ = app.screen
            })
        }
        // The views that show a page of rows (today, birthdays, receivables, requests, the
        // retention review): a key to the redrawn screen, then PgDn in the view; median of 3.
        var views: [String] = []
        for (name, key) in [("today", "T"), ("birthdays", "b"), ("receivables", "I"), ("requests", "R"), ("retention", "r")] {
            var opened: [Double] = [], paged: [Double] = []
            for _ in 0..<3 {
                opened.append(milliseconds { _ = app.update(.key(.character(Character(key)))); _ = app.screen })
                paged.append(milliseconds { _ = app.update(.key(.pageDown)); _ = app.screen })
                _ = app.update(.key(.escape))
            }
            views.append("\(name) \(fmt(percentile(opened, 0.5))) / \(fmt(percentile(paged, 0.5)))")
        }
        viewLines.append("\(size) customers, views (key to screen / PgDn, ms): " + views.joined(separator: ", "))
        // Two-word queries, each typed a letter at a time from the space after its first word
        // (whose window is asked first, as typing it does), on a connection as the interface
        // opens it.
        let typing = try Register.open(at: path)
        try typing.use(memory: interfaceMemory)
        var twoWords: [Double] = []
        for query in twoWordSet {
            let space = query.firstIndex(of: " ")!
            var typed = String(query[..<space])
            // The first word's window, as typing it asks (measured with the other searches).
            _ = try typing.customers(matching: SearchQuery(typed), limit: 40)
            for character in query[space...] {
                typed.append(character)
                let text = typed
                let ms = try milliseconds { _ = try typing.customers(matching: SearchQuery(text), limit: 40) }
                twoWords.append(ms)
                byQuery[text + " (typed)", default: []].append(ms)
            }
        }
        slowest = byQuery.map { ($0.key, percentile($0.value, 0.5)) }.sorted { $0.ms > $1.ms }
        // A burst of typing (keys already waiting, as the terminal loop feeds them): one search.
        let burstRegister = try Register.open(at: path)
        try burstRegister.use(memory: interfaceMemory)
        var burst = App(data: burstRegister, strings: strings, today: today, width: 100, height: 30)
        burst.typingAhead = true
        _ = burst.update(.key(.character("/")))
        let before = burstRegister.windowsRead
        for character in "öhrnberg" { _ = burst.update(.key(.character(character))) }
        burst.flushSearch()
        _ = burst.screen
        let burstSearches = burstRegister.windowsRead - before
        // The label dialog's preview of everyone (counts and the first sheet), median of 3.
        let templates = try LabelTemplate.all(resources: ResourceFiles.builtIn, environment: [:])
        let printer = LabelPrinter(register: register, templates: templates, today: today, fontPath: nil)
        var previews: [Double] = []
        for _ in 0..<3 {
            previews.append(try milliseconds { _ = try printer.preview(search: "", template: "avery-l7160", purpose: .marketing, skip: 0) })
        }
        // The interface's peak memory, in a process of its own.
        let tui = Process()
        tui.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        tui.arguments = ["--tui-child", path]
        let tuiPipe = Pipe()
        tui.standardOutput = tuiPipe
        try tui.run()
        let tuiPeak = String(decoding: tuiPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        tui.waitUntilExit()
        // Privacy operations: the retention scan over everyone, and forgetting one customer
        // (erasure, log entry and WAL checkpoint), median of 5.
        var scans: [Double] = []
        for _ in 0..<3 { scans.append(try milliseconds { _ = try register.retentionReview(RetentionPeriod(5, .years), today: today) }) }
        var forgets: [Double] = []
        var forgotten = 0
        for customer in try register.customers(matching: SearchQuery(""), limit: 200) where forgotten < 5 {
            guard try register.forgetPlan(customer.number).isAllowed else { continue }
            forgets.append(try milliseconds { _ = try register.forget(customer.number, on: today) })
            forgotten += 1
        }
        // Adding one customer: validation is the caller's; this is the store's transaction.
        var inserts: [Double] = []
        for i in 0..<20 {
            let changes = try CustomerInput(firstName: "Bench", lastName: "Mäkelä\(i)", email: "bench\(i)@example.fi", phone: "040 555 00\(10 + i)",
                                            town: "Jyväskylä").validate(today: today)
            inserts.append(try milliseconds { try register.addCustomer(changes, today: today) })
        }
        rows.append([
            String(size), fmt(generateMs / 1000, 1) + " s", fmt(fileMB, 1), fmt(percentile(opens, 0.5)),
            fmt(percentile(windows, 0.5)), fmt(percentile(windows, 0.99)), fmt(percentile(counts, 0.5)), fmt(percentile(counts, 0.99)),
            fmt(percentile(inserts, 0.5)), fmt(percentile(forgets, 0.5)), fmt(percentile(scans, 0.5)), fmt(firstScreen), fmt(percentile(keystrokes, 0.5)), fmt(percentile(keystrokes, 0.99)), fmt(percentile(pages, 0.5)),
            fmt(percentile(twoWords, 0.99)), String(burstSearches), fmt(percentile(previews, 0.5)), tuiPeak.isEmpty ? "?" : tuiPeak, fmt(peakMemoryMB(), 1),
        ])
    } catch {
        fail("\(error)")
    }
}

// Labels: 100k to one PDF, in a child process.
let pdfCount = Int(option("--labels") ?? "") ?? 100_000
let pdfChild = Process()
pdfChild.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
let pdfPath = folder + "/labels.pdf"
pdfChild.arguments = ["--pdf-child", pdfPath, String(pdfCount)]
let pdfPipe = Pipe()
pdfChild.standardOutput = pdfPipe
var pdfLine = "not measured"
if (try? pdfChild.run()) != nil {
    let output = String(decoding: pdfPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")
    pdfChild.waitUntilExit()
    if output.count == 2 {
        let size = Double((try? FileManager.default.attributesOfItem(atPath: pdfPath)[.size] as? NSNumber)?.intValue ?? 0) / 1_048_576
        pdfLine = "\(pdfCount) labels to PDF: \(output[0]) ms, \(fmt(size, 1)) MB file, peak \(output[1].trimmingCharacters(in: .whitespacesAndNewlines)) MB (target < 1000 ms, flat memory)"
    }
}

// Whole commands through the real command line, on the largest register measured: the time a
// person waits (opening included) and the command's peak memory (by /usr/bin/time when the
// machine has it).
struct Run {
    var ms: Double
    var peakMB: Double?
}

func runKortisto(_ arguments: [String]) -> Run? {
    let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kortisto")
    guard FileManager.default.isExecutableFile(atPath: tool.path) else { return nil }
    let timer = "/usr/bin/time"
    let measured = FileManager.default.isExecutableFile(atPath: timer)
    let peakFile = folder + "/peak.txt"
    let argv = (measured ? [timer, "-f", "%M", "-o", peakFile, tool.path] : [tool.path]) + arguments
    // posix_spawn and waitpid: Foundation's Process notices an exit a tenth of a second late,
    // which hid every command shorter than that.
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    var pid: pid_t = 0
    var status: Int32 = 0
    let ms = milliseconds {
        guard posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ) == 0 else { pid = 0; return }
        waitpid(pid, &status, 0)
    }
    guard pid != 0, status == 0 else { return nil }
    let kilobytes = measured ? (try? String(contentsOfFile: peakFile, encoding: .utf8)).flatMap { Double($0.split(separator: "\n").last ?? "") } : nil
    return Run(ms: ms, peakMB: kilobytes.map { $0 / 1024 })
}

var exchangeLines: [String] = []
if existing == nil, !arguments.contains("--quick"), let size = sizes.max() {
    let source = folder + "/bench-\(size).sqlite"
    let out = folder + "/out", target = folder + "/imported.sqlite", copy = folder + "/copy.sqlite"
    func fresh(_ path: String) { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    func copied() {
        fresh(copy)
        try? FileManager.default.copyItem(atPath: source, toPath: copy)
    }
    // Three runs each (--runs), the median shown with the fastest and slowest (a shared
    // machine's neighbours move a single run by a second) and the highest peak.
    func measure(_ name: String, _ arguments: [String], before: () -> Void = {}) {
        var runs: [Run] = []
        for _ in 0..<commandRuns {
            before()
            guard let run = runKortisto(arguments) else {
                exchangeLines.append("  \(name): failed")
                return
            }
            runs.append(run)
        }
        let times = runs.map(\.ms).sorted()
        let peak = runs.compactMap(\.peakMB).max().map { ", peak \(fmt($0, 0)) MB" } ?? ""
        let spread = times.count > 1 ? " (\(fmt(times[0], 0))–\(fmt(times[times.count - 1], 0)))" : ""
        exchangeLines.append("  \(name): \(fmt(times[times.count / 2], 0)) ms\(spread)\(peak)")
    }
    exchangeLines.append("\(size) customers, whole commands, median (fastest–slowest) of \(commandRuns):")
    measure("export CSV", ["export", "--format", "csv", "--out", out + ".csv", "--db", source, "--force"])
    measure("export vCard", ["export", "--format", "vcf", "--out", out + ".vcf", "--db", source, "--force"])
    measure("export JSON (whole register)", ["export", "--format", "json", "--out", out + ".json", "--db", source, "--force"])
    for format in ["csv", "json", "table"] {
        measure("list --format \(format)", ["list", "--format", format, "--db", source])
    }
    measure("list --search virtanen --format csv", ["list", "--search", "virtanen", "--format", "csv", "--db", source])
    measure("labels (a test print, --no-campaign)", ["labels", "--out", out + ".pdf", "--no-campaign", "--force", "--db", source])
    measure("labels recorded as a campaign", ["labels", "--out", out + ".pdf", "--force", "--db", copy], before: copied)
    measure("import CSV", ["import", out + ".csv", "--db", target, "--skip-invalid"]) { fresh(target) }
    measure("import vCard", ["import", out + ".vcf", "--db", target, "--skip-invalid"]) { fresh(target) }
    measure("retention review's bulk forget of everyone due", ["retention", "--forget", "--yes", "--db", copy], before: copied)
    exchangeLines.append("Targets at 100k: exports < 1000 ms each, JSON < 2000 ms and 100 MB, list within 1.5 × export CSV, list --search < 50 ms,")
    exchangeLines.append("  labels < 500 ms and 60 MB, import CSV < 3000 ms, import vCard 1.5 × CSV and 150 MB, bulk forget of 3,000 < 3000 ms.")
}

let header = ["customers", "generate", "file MB", "open ms", "search p50", "search p99", "count p50", "count p99", "insert ms",
              "forget ms", "retention ms", "tui first", "tui key p50", "tui key p99", "tui PgDn p50", "2-word p99", "burst searches", "label preview",
              "tui peak MB", "peak MB"]
let widths = header.indices.map { i in max(header[i].count, rows.map { $0[i].count }.max() ?? 0) }
func line(_ cells: [String]) -> String {
    cells.enumerated().map { String(repeating: " ", count: widths[$0] - $1.count) + $1 }.joined(separator: "  ")
}
print("Kortisto benchmark: \(repetitions) searches per size over \(querySet.count) queries (window of 40 rows); times in ms")
print(line(header))
for row in rows { print(line(row)) }
for line in viewLines { print(line) }
print(pdfLine)
for line in exchangeLines { print(line) }
if perQuery {
    print("Median window time per query, slowest first (last size):")
    for (query, ms) in slowest { print("  \(fmt(ms))  \"\(query)\"") }
}
print("Targets at 100k: open < 20 ms, search p50 < 5 ms, search p99 < 20 ms;")
print("  forget < 200 ms, retention scan < 300 ms;")
print("  TUI: first screen < 50 ms, search keystroke to redrawn screen < 10 ms median, PgDn < 5 ms;")
print("  any search (two-word included) < 20 ms p99 at 1M; a burst of typing 1 search; label preview < 50 ms;")
print("  the interface's peak memory < 45 MB at every size; each view the same at every size.")
