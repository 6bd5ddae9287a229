import Foundation

/// A line layout described under `formats:` in `site.yaml`: a regular expression
/// (`message`) that matches where a message starts, with the named groups `date`, `time`,
/// `author`, `text` and optionally `role`, `id`, `thread`. What follows a match up to the
/// next one (less `ignore`d lines, `strip` taken off each line) is the rest of the message.
///
/// The expressions come from the site's author, so they are bounded like any input: each
/// is matched against a window of at most the lines its `\n`s span, each cut at
/// `lineCap` characters, and ICU's progress callback stops a match that runs longer than
/// `stepLimit`, or a file whose matching has used up its budget: an error naming
/// `site.yaml`'s line, and the file skipped. Dates and times are read by the Unicode
/// pattern letters themselves (`DatePattern`), not `DateFormatter`: the same on every
/// machine and locale, strict about what it accepts, and cheap per line.
enum DescribedFormatReader: FormatReader {
    static let format = SourceFormat.described
    /// Characters of a line the expressions see: the rest of a long line is still text.
    static let lineCap = 4096
    /// One match attempt longer than this is a runaway (catastrophic backtracking).
    static let stepLimit = 0.5
    /// Lines sniffed for a description without `files:`.
    static let sniffLines = 50
    /// A message's body is cut here, with a warning.
    static let bodyCap = 1 << 20
    /// Without `files:`, a description is tried after the built-in formats.
    static let sniffedConfidence = 10
    static let groupNames: Set<String> = ["date", "time", "author", "text", "role", "id", "thread"]


    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        guard let (_, confidence) = choice(source, settings: settings) else { return 0 }
        return confidence
    }

    /// The description a file is read with, and how sure: one whose `files:` names it, else
    /// the first without `files:` whose `message` matches one of the file's first lines.
    static func choice(_ source: Source, settings: ReadSettings) -> (LineFormat, Int)? {
        guard source.kind == .file, let file = source.files.first, !settings.formats.isEmpty else { return nil }
        let path = Source.underContent(file.path)
        if let named = settings.formats.first(where: { $0.files.map { Glob.matches($0, path) } == true }) { return (named, 100) }
        for format in settings.formats where format.files == nil {
            guard case .success(let described) = Described.compile(format) else { continue }
            if described.sniff(file.text) { return (format, sniffedConfidence) }
        }
        return nil
    }

    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        guard let file = source.files.first, let (format, _) = choice(source, settings: settings) else { return ([], []) }
        switch Described.compile(format) {
        case .failure(let problem):
            return ([], [Diagnostic(.error, format.location, problem.message)])
        case .success(let described):
            var reader = FileReader(described: described, file: file, settings: settings)
            let conversation = reader.read()
            return (conversation.map { [.conversation($0)] } ?? [], reader.diagnostics)
        }
    }

    // MARK: - A description, compiled

    struct Problem: Error, Equatable { var message: String }

    /// A `LineFormat` with its expressions compiled and its patterns parsed.
    struct Described {
        let format: LineFormat
        let message: NSRegularExpression
        let ignore: NSRegularExpression?
        let strip: NSRegularExpression?
        let groups: Set<String>
        /// Lines after its first that a match may span: the `\n`s of `message`.
        let span: Int
        let datePatterns: [DatePattern]
        let timePatterns: [DatePattern]

        /// What `site.yaml` says wrong about a description, in words that name its keys.
        static func compile(_ format: LineFormat) -> Result<Described, Problem> {
            let name = "format '\(format.name)'"
            func regex(_ pattern: String, key: String) -> Result<NSRegularExpression, Problem> {
                do {
                    return .success(try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]))
                } catch {
                    return .failure(Problem(message: "\(name): the regular expression '\(key)' does not compile: \(pattern)"))
                }
            }
            let message: NSRegularExpression
            switch regex(format.message, key: "message") {
            case .success(let compiled): message = compiled
            case .failure(let problem): return .failure(problem)
            }
            var optional: [NSRegularExpression?] = []
            for (key, pattern) in [("ignore", format.ignore), ("strip", format.strip)] {
                guard let pattern else { optional.append(nil); continue }
                switch regex(pattern, key: key) {
                case .success(let compiled): optional.append(compiled)
                case .failure(let problem): return .failure(problem)
                }
            }
            let groups = namedGroups(format.message)
            if let unknown = groups.subtracting(groupNames).sorted().first {
                return .failure(Problem(message: "\(name): 'message' names the group '\(unknown)'; known groups: \(groupNames.sorted().joined(separator: ", "))"))
            }
            guard groups.contains("author") else {
                return .failure(Problem(message: "\(name): 'message' needs an (?<author>…) group"))
            }
            var datePatterns: [DatePattern] = [], timePatterns: [DatePattern] = []
            if groups.contains("date") {
                switch DatePattern.parse(format.date ?? "yyyy-MM-dd") {
                case .success(let pattern):
                    guard pattern.has(.day), pattern.has(.month) else {
                        return .failure(Problem(message: "\(name): the 'date' pattern '\(format.date ?? "")' needs a day (d) and a month (M)"))
                    }
                    guard pattern.has(.year) || format.year != nil else {
                        return .failure(Problem(message: "\(name): the 'date' pattern '\(format.date ?? "")' has no year (y): add 'year:'"))
                    }
                    datePatterns = [pattern]
                case .failure(let problem): return .failure(Problem(message: "\(name): 'date': \(problem.message)"))
                }
            }
            if groups.contains("time") {
                if let text = format.time {
                    switch DatePattern.parse(text) {
                    case .success(let pattern):
                        guard pattern.has(.hour) else { return .failure(Problem(message: "\(name): the 'time' pattern '\(text)' needs an hour (H or h)")) }
                        timePatterns = [pattern]
                    case .failure(let problem): return .failure(Problem(message: "\(name): 'time': \(problem.message)"))
                    }
                } else {
                    timePatterns = DatePattern.defaultTimes
                }
            }
            return .success(Described(format: format, message: message, ignore: optional[0], strip: optional[1], groups: groups,
                                      span: newlines(format.message), datePatterns: datePatterns, timePatterns: timePatterns))
        }

        /// Whether `message` matches one of the text's first lines (ignored ones skipped).
        /// A runaway expression counts as a match: reading it reports the error.
        func sniff(_ text: String) -> Bool {
            var head: [LogLine] = []
            for line in TextLog.lines(String(text.prefix(64 * sniffLines * 16))) where !line.text.allSatisfy(\.isWhitespace) {
                head.append(line)
                if head.count == sniffLines { break }
            }
            var clock = RegexClock(budget: DescribedFormatReader.stepLimit / 2)
            for index in head.indices {
                if let ignore, case .match = clock.first(ignore, in: String(head[index].text.prefix(lineCap))) { continue }
                switch clock.first(message, in: window(head, at: index)) {
                case .match, .slow: return true
                case .none: continue
                }
            }
            return false
        }

        /// The lines a match starting at `index` may see, each cut at `lineCap` characters.
        func window(_ lines: [LogLine], at index: Int) -> String {
            lines[index..<min(lines.count, index + span + 1)].map { String($0.text.prefix(lineCap)) }.joined(separator: "\n")
        }
    }

    /// The group names of an expression: `(?<name>`, but not look-behinds `(?<=`, `(?<!`,
    /// escaped parentheses, or parentheses in a character class.
    static func namedGroups(_ pattern: String) -> Set<String> {
        var names = Set<String>()
        let scalars = Array(pattern.unicodeScalars)
        var index = 0, inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" { index += 2; continue }
            if inClass { if scalar == "]" { inClass = false }; index += 1; continue }
            if scalar == "[" { inClass = true; index += 1; continue }
            if scalar == "(", index + 2 < scalars.count, scalars[index + 1] == "?", scalars[index + 2] == "<" {
                var end = index + 3, name = ""
                while end < scalars.count, scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) || scalars[end] == "_" {
                    name.unicodeScalars.append(scalars[end])
                    end += 1
                }
                if !name.isEmpty, end < scalars.count, scalars[end] == ">" { names.insert(name) }
            }
            index += 1
        }
        return names
    }

    /// How many line breaks an expression writes: `\n` escapes and newlines of a YAML block.
    static func newlines(_ pattern: String) -> Int {
        let scalars = Array(pattern.unicodeScalars)
        var count = 0, index = 0
        while index < scalars.count {
            if scalars[index] == "\\" {
                if index + 1 < scalars.count, scalars[index + 1] == "n" { count += 1 }
                index += 2
                continue
            }
            if scalars[index] == "\n" { count += 1 }
            index += 1
        }
        return min(count, 64)
    }

    /// The rest of a line from a UTF-16 offset (where NSRegularExpression ended), if it is a character boundary.
    static func suffix(_ text: Substring, fromUTF16 offset: Int) -> Substring? {
        let utf16 = text.utf16
        guard let at = utf16.index(utf16.startIndex, offsetBy: offset, limitedBy: utf16.endIndex),
              let start = String.Index(at, within: text) else { return nil }
        return text[start...]
    }

    /// A body without the line breaks before it and the blank space after it (by bytes: a body may be a megabyte).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        let blank: (UInt8) -> Bool = { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
        let start = utf8.firstIndex { $0 != 0x0A && $0 != 0x0D } ?? utf8.endIndex
        guard start < utf8.endIndex, let last = utf8[start...].lastIndex(where: { !blank($0) }) else { return "" }
        return String(decoding: utf8[start...last], as: UTF8.self)
    }

    /// A name that is an e-mail address or a phone number is not published as one:
    /// `Ann <ann@example.org>` → `Ann`, `ann@example.org` → `ann`, `+49 170 1234567` → `+… 4567`.
    static func privateName(_ name: String) -> String {
        var name = name
        if let open = name.lastIndex(of: "<"), name.hasSuffix(">"), name[open...].contains("@") {
            let before = name[..<open].trimmingCharacters(in: .whitespaces)
            name = before.isEmpty ? String(name[name.index(after: open)..<name.index(before: name.endIndex)]) : before
        }
        if let at = name.firstIndex(of: "@"), at != name.startIndex, name[at...].contains("."), !name.contains(" ") {
            name = String(name[..<at])
        }
        let digits = name.filter { $0.isASCII && $0.isNumber }
        if digits.count >= 7, name.allSatisfy({ ($0.isASCII && $0.isNumber) || " +-().".contains($0) }) {
            name = "+… " + String(digits.suffix(4))
        }
        return name
    }

    // MARK: - Matching with a deadline

    enum Outcome { case match(NSTextCheckingResult), none, slow }

    /// Regular expression matches under a time limit per attempt and a budget per file.
    struct RegexClock {
        let budget: Double
        private(set) var spent = 0.0
        private(set) var slow = false

        init(budget: Double) { self.budget = budget }

        /// The match at the start of `text`, none, or `.slow` when the attempt runs past
        /// `stepLimit` or the budget (ICU calls the progress block while it backtracks).
        mutating func first(_ regex: NSRegularExpression, in text: String, anchored: Bool = true) -> Outcome {
            guard !slow else { return .slow }
            let start = DispatchTime.now().uptimeNanoseconds
            let already = spent, budget = budget
            var found: NSTextCheckingResult?, stopped = false
            var options: NSRegularExpression.MatchingOptions = [.reportProgress]
            if anchored { options.insert(.anchored) }
            regex.enumerateMatches(in: text, options: options, range: NSRange(location: 0, length: text.utf16.count)) { match, _, stop in
                if let match {
                    found = match
                    stop.pointee = true
                    return
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if elapsed > DescribedFormatReader.stepLimit || already + elapsed > budget {
                    stopped = true
                    stop.pointee = true
                }
            }
            spent += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if stopped || spent > budget {
                slow = true
                return .slow
            }
            return found.map(Outcome.match) ?? .none
        }
    }

    // MARK: - Reading one file

    struct Pending {
        var line: Int
        var author: String?
        var role: String?
        var id: String?
        var inThread: Bool
        var time: Date
        var text: String
        var cut = false
    }

    struct FileReader {
        let described: Described
        let file: SourceFile
        let settings: ReadSettings
        private(set) var diagnostics: [Diagnostic] = []
        private var clock: RegexClock
        private var lines: [LogLine] = []
        private var events: [RawEvent] = []
        private var pending: Pending?
        private var lastRoot: Int?
        private var fallback: (LocalDate, DateSource)
        private var roller: DayRoller
        private var datedLines = false
        private var lastDate: LocalDate?
        /// The year of dates written without one, once it has turned.
        private var yearless: Int?
        private var lastSeconds = 0.0
        /// Problems of one kind, collapsed: the first line, and how many more.
        private var problems: [String: (line: Int, count: Int)] = [:]
        private var problemOrder: [String] = []

        init(described: Described, file: SourceFile, settings: ReadSettings) {
            self.described = described
            self.file = file
            self.settings = settings
            lines = TextLog.lines(file.text)
            clock = RegexClock(budget: 2 + Double(lines.count) * 0.001)   // a millisecond a line: far above what a sane expression needs
            fallback = settings.fileDate(for: file.path) ?? (TextLog.undatedDay, .none)
            roller = DayRoller(fallback.0)
        }

        var format: LineFormat { described.format }

        mutating func read() -> RawConversation? {
            var index = 0
            while index < lines.count {
                let line = lines[index]
                if let ignore = described.ignore {
                    switch clock.first(ignore, in: String(line.text.prefix(lineCap))) {
                    case .match: index += 1; continue
                    case .slow: return tooSlow(at: line.number)
                    case .none: break
                    }
                }
                let window = described.window(lines, at: index)
                switch clock.first(described.message, in: window) {
                case .slow:
                    return tooSlow(at: line.number)
                case .match(let match):
                    finish()
                    index = start(match, in: window, at: index)
                case .none:
                    if pending != nil {
                        append(body: line.text)
                    } else if !line.text.allSatisfy(\.isWhitespace) {
                        problem("lines before the first message that '\(format.name)' does not match; skipped", at: line.number)
                    }
                    index += 1
                }
            }
            finish()
            guard !events.isEmpty else {
                if lines.contains(where: { !$0.text.allSatisfy(\.isWhitespace) }) {
                    diagnostics.append(Diagnostic(.error, format.location, "format '\(format.name)': 'message' matches no line of \(file.path)"))
                }
                return nil
            }
            let dates = datedLines ? DateSource.lines : fallback.1
            if !datedLines, case .none = fallback.1 {
                diagnostics.append(TextLog.undated(file.path))
            }
            for key in problemOrder {
                guard let (line, count) = problems[key] else { continue }
                diagnostics.append(.warning(SourceLocation(file: file.path, line: line), key + (count > 1 ? " (and \(count - 1) more lines)" : "")))
            }
            let channel = RawChannel(platform: Slug.make(format.name), name: channelName())
            return RawConversation(format: .described, channel: channel, events: events, source: SourceLocation(file: file.path),
                                   note: ReadingNote(layout: format.name, dates: dates, timeZone: settings.zoneName))
        }

        /// A warning, not an error: the file is left out and the rest of the site still builds.
        private mutating func tooSlow(at line: Int) -> RawConversation? {
            diagnostics.append(Diagnostic(.warning, format.location,
                "format '\(format.name)': the regular expression takes too long on \(file.path) line \(line) (more than \(DescribedFormatReader.stepLimit) s on one line, or \(Int(clock.budget)) s on the file); the file is skipped. Make it match less ambiguously (no nested repetition such as (a+)+)"))
            return nil
        }

        private mutating func problem(_ text: String, at line: Int) {
            if let known = problems[text] {
                problems[text] = (known.line, known.count + 1)
            } else {
                problems[text] = (line, 1)
                problemOrder.append(text)
            }
        }

        /// A new message from a match at line `index`; the index of the line after its header.
        private mutating func start(_ match: NSTextCheckingResult, in window: String, at index: Int) -> Int {
            func group(_ name: String) -> String? {
                guard described.groups.contains(name) else { return nil }
                let range = match.range(withName: name)
                guard range.location != NSNotFound, let found = Range(range, in: window) else { return nil }
                return String(window[found])
            }
            let number = lines[index].number
            // Where the match ends: which line of the window, and where on it.
            let end = match.range.location + match.range.length
            var offset = 0, last = index
            for candidate in index..<min(lines.count, index + described.span + 1) {
                let length = String(lines[candidate].text.prefix(lineCap)).utf16.count
                if end <= offset + length { last = candidate; break }
                offset += length + 1
                last = candidate
            }
            let column = max(0, end - offset)
            var next = last + 1
            var rest = ""
            if column == 0, last > index {
                next = last   // the match took the line break: that line is the message's body
            } else {
                rest = DescribedFormatReader.suffix(lines[last].text, fromUTF16: column).map(String.init) ?? ""
            }
            let author = group("author").map { DescribedFormatReader.privateName(TextLog.clean($0).trimmingCharacters(in: .whitespaces)) }
            let time = instant(date: group("date"), time: group("time"), line: number)
            let thread = group("thread").map { !$0.isEmpty } ?? false
            pending = Pending(line: number, author: author.flatMap { $0.isEmpty ? nil : $0 }, role: group("role"),
                              id: group("id").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 },
                              inThread: thread, time: time, text: TextLog.clean((group("text") ?? "") + rest))
            if let text = pending?.text, text.utf8.count > bodyCap {
                // A single line of many megabytes: its first megabyte is kept.
                pending?.text = String(TextLog.prefix(text, bytes: bodyCap))
                pending?.cut = true
                problem("a message longer than 1 MB is cut", at: number)
            }
            return next
        }

        private mutating func append(body line: Substring) {
            // Only values are taken out of `pending`: its text grows in place, never copied per line.
            guard let (size, cut, first) = pending.map({ ($0.text.utf8.count, $0.cut, $0.line) }), !cut else { return }
            var text = line
            if let strip = described.strip, case .match(let found) = clock.first(strip, in: String(line.prefix(lineCap))), found.range.length > 0 {
                text = DescribedFormatReader.suffix(line, fromUTF16: found.range.length) ?? line
            }
            if size + text.utf8.count + 1 > bodyCap {
                pending?.cut = true
                problem("a message longer than 1 MB is cut", at: first)
            } else {
                pending?.text += "\n" + TextLog.clean(text)
            }
        }

        private mutating func finish() {
            guard let message = pending else { return }
            pending = nil
            // A header without text on its line: the body starts on the next line, not with a break.
            let text = DescribedFormatReader.trimmed(message.text)
            let location = SourceLocation(file: file.path, line: message.line)
            var event = RawEvent(kind: message.author == nil ? .system : .message, id: message.id, author: message.author.map(RawAuthor.name),
                                 authorName: message.author, time: message.time, text: text,
                                 isBot: message.role?.trimmingCharacters(in: .whitespaces).lowercased() == "bot", location: location)
            if message.inThread, let root = lastRoot {
                if events[root].id == nil { events[root].id = "L\(events[root].location.line ?? root)" }
                event.threadID = events[root].id
            }
            if !message.inThread { lastRoot = events.count }
            events.append(event)
        }

        /// The instant of a message from its date and time groups, the file's date otherwise.
        private mutating func instant(date dateText: String?, time timeText: String?, line: Int) -> Date {
            var fields = DatePattern.Fields()
            var parsedDate = false
            if let dateText {
                if let found = described.datePatterns.lazy.compactMap({ $0.read(dateText) }).first {
                    fields = found
                    parsedDate = true
                } else {
                    problem("a date that is not '\(format.date ?? "yyyy-MM-dd")'; the previous one is kept", at: line)
                }
            }
            if let timeText {
                if let found = described.timePatterns.lazy.compactMap({ $0.read(timeText) }).first {
                    fields.merge(time: found)
                } else {
                    problem("a time that is not '\(format.time ?? "H:mm")'; the previous one is kept", at: line)
                    fields.hour = nil
                }
            }
            var seconds = lastSeconds
            if let hour = fields.hour {
                seconds = Double(hour * 3600 + (fields.minute ?? 0) * 60 + (fields.second ?? 0)) + fields.fraction
            }
            let day: LocalDate
            if parsedDate, let month = fields.month, let dayOfMonth = fields.day {
                var year = fields.year ?? yearless ?? format.year ?? 1970
                // A yearless log running from December into January: the year turns.
                if fields.year == nil {
                    if let last = lastDate, month < last.month - 6 { year += 1 }
                    yearless = year
                }
                day = LocalDate(year: year, month: month, day: dayOfMonth)
                datedLines = true
                roller.restart(day)
                _ = roller.date(at: seconds)
            } else if datedLines, let last = lastDate {
                roller.restart(last)
                day = roller.date(at: seconds)
            } else {
                day = roller.date(at: seconds)
            }
            lastDate = day
            lastSeconds = seconds
            return TextLog.instant(day, seconds: seconds, in: settings.timeZone)
        }

        /// The channel: the file's name without its date and extension, else the format's name.
        private func channelName() -> String {
            let name = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            var cleaned = name
            if let date = TextLog.date(inName: name) {
                for written in [String(format: "%04d-%02d-%02d", date.year, date.month, date.day), String(format: "%04d.%02d.%02d", date.year, date.month, date.day),
                                String(format: "%04d_%02d_%02d", date.year, date.month, date.day), String(format: "%04d%02d%02d", date.year, date.month, date.day)] {
                    cleaned = cleaned.replacingOccurrences(of: written, with: "")
                }
            }
            cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: " -_.#"))
            return cleaned.isEmpty || cleaned.allSatisfy(\.isNumber) ? format.name : cleaned
        }
    }
}

// MARK: - Globs

/// `files:` patterns over paths under `content/`: `**` any number of folders, `*` any
/// characters within one name, `?` one character. Matched by dynamic programming, so no
/// pattern takes more than (pattern × path) steps.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let names = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // reach[i][j]: the first i parts match the first j names.
        var reach = [[Bool]](repeating: [Bool](repeating: false, count: names.count + 1), count: parts.count + 1)
        reach[0][0] = true
        for i in 1...max(1, parts.count) where i <= parts.count {
            let part = parts[i - 1]
            for j in 0...names.count {
                if part == "**" {
                    reach[i][j] = reach[i - 1][j] || (j > 0 && reach[i][j - 1])
                } else if j > 0 {
                    reach[i][j] = reach[i - 1][j - 1] && name(part, names[j - 1])
                }
            }
        }
        return reach[parts.count][names.count]
    }

    /// One name against one part: `*` any characters, `?` one.
    static func name(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var reach = [Bool](repeating: false, count: t.count + 1)
        reach[0] = true
        for c in p {
            var next = [Bool](repeating: false, count: t.count + 1)
            for j in 0...t.count {
                if c == "*" {
                    next[j] = reach[j] || (j > 0 && next[j - 1])
                } else if j > 0 {
                    next[j] = reach[j - 1] && (c == "?" || c == t[j - 1])
                }
            }
            reach = next
        }
        return reach[t.count]
    }
}

// MARK: - Date and time patterns

/// A Unicode date pattern (`yyyy-MM-dd`, `dd.MM.yy`, `MMM d`, `h:mm a`, `HH:mm:ss.SSS`),
/// read by its letters: y year, M/L month (MMM and MMMM by English name), d day,
/// H hour 0–23, h hour 1–12 with a (AM/PM), m minute, s second, S fraction, E weekday
/// name (skipped). Other characters and 'quoted text' must be there; a space matches
/// any run of blanks.
struct DatePattern: Sendable, Equatable {
    enum Field: Sendable, Equatable { case year, month, day, hour, hour12, minute, second, fraction, ampm, weekday }
    enum Token: Sendable, Equatable {
        case field(Field, width: Int)
        case literal(String)
        case blank
    }
    var tokens: [Token]

    struct Fields: Sendable, Equatable {
        var year: Int?
        var month: Int?
        var day: Int?
        var hour: Int?
        var minute: Int?
        var second: Int?
        var fraction = 0.0

        mutating func merge(time: Fields) {
            hour = time.hour ?? hour
            minute = time.minute ?? minute
            second = time.second ?? second
            fraction = time.hour != nil ? time.fraction : fraction
        }
    }

    /// Used for a `time` group when `time:` is not given.
    static let defaultTimes: [DatePattern] = ["h:mm:ss a", "h:mm a", "H:mm:ss.SSS", "H:mm:ss", "H:mm"].compactMap {
        if case .success(let pattern) = parse($0) { return pattern } else { return nil }
    }

    func has(_ field: Field) -> Bool {
        tokens.contains {
            if case .field(let f, _) = $0 { return f == field || (field == .hour && f == .hour12) }
            return false
        }
    }

    static func parse(_ pattern: String) -> Result<DatePattern, DescribedFormatReader.Problem> {
        let letters: [Character: Field] = ["y": .year, "u": .year, "M": .month, "L": .month, "d": .day, "H": .hour, "h": .hour12,
                                           "m": .minute, "s": .second, "S": .fraction, "a": .ampm, "E": .weekday]
        var tokens: [Token] = []
        let characters = Array(pattern)
        var index = 0
        func literal(_ text: String) {
            if case .literal(let before)? = tokens.last { tokens[tokens.count - 1] = .literal(before + text) } else { tokens.append(.literal(text)) }
        }
        while index < characters.count {
            let c = characters[index]
            if c == "'" {
                var end = index + 1, text = ""
                while end < characters.count {
                    if characters[end] == "'" {
                        if end + 1 < characters.count, characters[end + 1] == "'" { text.append("'"); end += 2; continue }
                        break
                    }
                    text.append(characters[end])
                    end += 1
                }
                literal(end == index + 1 ? "'" : text)
                index = end + 1
                continue
            }
            if c == " " || c == "\t" {
                if tokens.last != .blank { tokens.append(.blank) }
                index += 1
                continue
            }
            if c.isLetter, c.isASCII {
                guard let field = letters[c] else {
                    return .failure(.init(message: "the pattern letter '\(c)' in '\(pattern)' is not read (known: y M d H h m s S a E)"))
                }
                var width = 1
                while index + width < characters.count, characters[index + width] == c { width += 1 }
                tokens.append(.field(field, width: width))
                index += width
                continue
            }
            literal(String(c))
            index += 1
        }
        guard tokens.contains(where: { if case .field = $0 { return true } else { return false } }) else {
            return .failure(.init(message: "'\(pattern)' has no pattern letters"))
        }
        return .success(DatePattern(tokens: tokens))
    }

    /// The fields of `text` written in this pattern, or nil when it is not.
    func read<S: StringProtocol>(_ text: S) -> Fields? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).prefix(200))
        var index = 0, fields = Fields(), pm: Bool?
        func digits(max: Int, exactly: Bool) -> Int? {
            var value = 0, count = 0
            while count < max, index < chars.count, let digit = chars[index].wholeNumberValue, chars[index].isASCII {
                value = value * 10 + digit
                count += 1
                index += 1
            }
            return count == 0 || (exactly && count != max) ? nil : value
        }
        func word() -> String {
            var found = ""
            while index < chars.count, chars[index].isLetter || chars[index] == "." { found.append(chars[index]); index += 1 }
            return found
        }
        for token in tokens {
            switch token {
            case .blank:
                guard index < chars.count, chars[index].isWhitespace else { return nil }
                while index < chars.count, chars[index].isWhitespace { index += 1 }
            case .literal(let text):
                for c in text {
                    guard index < chars.count, chars[index] == c else { return nil }
                    index += 1
                }
            case .field(let field, let width):
                switch field {
                case .year:
                    guard let value = digits(max: width == 2 ? 2 : 4, exactly: width == 2 || width == 4) else { return nil }
                    fields.year = width == 2 ? (value < 70 ? 2000 + value : 1900 + value) : value
                case .month:
                    if width >= 3 {
                        guard let month = DateText.month(named: word().replacingOccurrences(of: ".", with: "")) else { return nil }
                        fields.month = month
                    } else {
                        guard let value = digits(max: 2, exactly: false), (1...12).contains(value) else { return nil }
                        fields.month = value
                    }
                case .day:
                    guard let value = digits(max: 2, exactly: false), (1...31).contains(value) else { return nil }
                    fields.day = value
                case .hour:
                    guard let value = digits(max: 2, exactly: false), (0...24).contains(value) else { return nil }
                    fields.hour = value % 24
                case .hour12:
                    guard let value = digits(max: 2, exactly: false), (1...12).contains(value) else { return nil }
                    fields.hour = value
                    if pm == nil { pm = false }
                case .minute:
                    guard let value = digits(max: 2, exactly: false), (0...59).contains(value) else { return nil }
                    fields.minute = value
                case .second:
                    guard let value = digits(max: 2, exactly: false), (0...60).contains(value) else { return nil }
                    fields.second = min(value, 59)
                case .fraction:
                    let start = index
                    guard digits(max: 9, exactly: false) != nil else { return nil }
                    fields.fraction = Double("0." + String(chars[start..<index])) ?? 0
                case .ampm:
                    let marker = word().lowercased().replacingOccurrences(of: ".", with: "")
                    guard marker == "am" || marker == "pm" else { return nil }
                    pm = marker == "pm"
                case .weekday:
                    guard !word().isEmpty else { return nil }
                }
            }
        }
        guard index == chars.count else { return nil }
        // 12-hour clock: 12 AM is midnight, 12 PM noon.
        if let isPM = pm, let hour = fields.hour, has(.ampm) || tokens.contains(.field(.hour12, width: 1)) || tokens.contains(.field(.hour12, width: 2)) {
            fields.hour = hour % 12 + (isPM ? 12 : 0)
        }
        if let month = fields.month, let day = fields.day, day > TextLog.daysIn(month: month, year: fields.year ?? 2000) { return nil }
        return fields
    }
}
