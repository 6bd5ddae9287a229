import Foundation

/// A Matrix room's plain-text monthly log as bakkot/matrix-archive-bot writes it
/// (`<Room_Name>/plaintext/2021-01.txt`): a `YYYY-MM-DD` line for every day, empty days
/// included, then per message `[HH:MM:SS.mmmm] <name>` and its body on the lines after,
/// with a blank line after each message. The bot pads milliseconds to four digits. Its
/// times are read as UTC: its day lines are UTC days (`run.mjs` files events by
/// `getUTCDate()`), and although `render-txt.js` writes the hours of the machine it runs on
/// (`getHours()`), only UTC keeps them inside their day lines (its HTML pages say `getUTCHours()`). Emotes start `/me `; edits are Element's
/// fallback body ` * new text`; replies start with Element's fallback quote
/// `> <@user:server> quoted text` and a blank line. The bot's notice says images,
/// reactions and redactions are not logged.
enum MatrixLogReader: FormatReader {
    static let format = SourceFormat.matrixLog
    static let bodyLimit = 1 << 20

    struct Header: Equatable {
        var seconds: Double
        var name: String
    }


    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        guard source.kind == .file, let file = source.files.first else { return 0 }
        // A date line first; then, within the first lines, a message's header (or only days).
        var rest = file.text.utf8[...]
        var seen = 0, lines = 0, dates = 0, other = 0
        while !rest.isEmpty, seen < 64 * 1024, lines < 200 {
            let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            let line = Substring(rest[..<end])
            seen += line.utf8.count + 1
            lines += 1
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            if line.allSatisfy(\.isWhitespace) { continue }
            if dateLine(line) != nil { dates += 1; continue }
            guard dates > 0 else { return 0 }
            if header(line) != nil { return 90 }
            other += 1
        }
        // A month with no message at all: only its days.
        return dates >= 2 && other == 0 ? 40 : 0
    }

    /// `2021-01-16`, alone on its line.
    static func dateLine(_ raw: Substring) -> LocalDate? {
        var line = withoutTrailingBlanks(raw)
        if line.first == "\u{FEFF}" { line = line.dropFirst() }
        guard line.utf8.count == 10 else { return nil }
        let bytes = Array(line.utf8)
        guard bytes[4] == 0x2D, bytes[7] == 0x2D,
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || ($0.element >= 0x30 && $0.element <= 0x39) }),
              let date = TextLog.date(inName: String(line)) else { return nil }
        return date
    }

    /// A line without the spaces and CRs at its end, found by bytes: `Substring.last` walks
    /// back by characters, and taking many off one at a time was quadratic.
    static func withoutTrailingBlanks(_ line: Substring) -> Substring {
        let utf8 = line.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x0D else { break }
            end = before
        }
        return line[..<end]
    }

    /// `[14:15:41.0587] <mpcsh>`: nothing after the name's `>`.
    static func header(_ raw: Substring) -> Header? {
        let line = withoutTrailingBlanks(raw)
        let bytes = Array(line.utf8.prefix(32))
        guard bytes.count >= 13, bytes[0] == 0x5B, line.last == ">" else { return nil }
        func digit(_ i: Int) -> Int? { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 ? Int(bytes[i] - 0x30) : nil }
        guard let h1 = digit(1), let h2 = digit(2), bytes[3] == 0x3A, let m1 = digit(4), let m2 = digit(5), bytes[6] == 0x3A,
              let s1 = digit(7), let s2 = digit(8) else { return nil }
        let hours = h1 * 10 + h2, minutes = m1 * 10 + m2, seconds = s1 * 10 + s2
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        var index = 9
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var value = 0, digits = 0
            while let d = digit(index), digits < 9 { value = value * 10 + d; digits += 1; index += 1 }
            guard digits > 0 else { return nil }
            // The bot pads milliseconds to four digits (`.0129` is 129 ms); other widths are decimals.
            fraction = digits == 4 ? Double(min(value, 999)) / 1000 : Double(value) / pow(10, Double(digits))
        }
        guard index + 1 < bytes.count, bytes[index] == 0x5D, bytes[index + 1] == 0x20 else { return nil }
        let nameStart = line.utf8.index(line.utf8.startIndex, offsetBy: index + 2)
        guard line.utf8[nameStart] == 0x3C else { return nil }
        let name = line[line.utf8.index(after: nameStart)..<line.index(before: line.endIndex)]
        guard !name.isEmpty, !name.contains("\n") else { return nil }
        return Header(seconds: Double(hours * 3600 + minutes * 60 + seconds) + fraction, name: String(name))
    }

    /// `> <@bterlson:matrix.org> how good is the video conferencing?` then a blank line:
    /// the quoted text, the quoted user's local part, and the reply after the quote.
    static func replyQuote(_ body: String) -> (quote: String, user: String, rest: String)? {
        guard body.hasPrefix("> <@") || body.hasPrefix("> * <@") else { return nil }
        var quoted: [Substring] = [], rest: Substring = ""
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.first, line.hasPrefix(">") {
            quoted.append(line.dropFirst().drop { $0 == " " })
            lines = lines.dropFirst()
        }
        rest = lines.joined(separator: "\n").drop { $0.isWhitespace }
        guard var first = quoted.first else { return nil }
        if first.hasPrefix("* ") { first = first.dropFirst(2) }
        guard first.hasPrefix("<@"), let close = first.firstIndex(of: ">") else { return nil }
        let mxid = first[first.index(first.startIndex, offsetBy: 2)..<close]
        let user = mxid.prefix { $0 != ":" }
        quoted[0] = first[first.index(after: close)...].drop { $0 == " " }
        return (quoted.joined(separator: "\n"), String(user), String(rest))
    }

    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        guard source.kind == .file, let file = source.files.first else { return ([], []) }
        var diagnostics: [Diagnostic] = []
        let components = file.path.split(separator: "/").map(String.init)
        let fileName = components.last ?? file.path
        // `TC39_Delegates/plaintext/2021-01.txt`: the room is the folder above `plaintext`.
        let folders = Array(components.dropLast().dropFirst(components.first == "content" ? 1 : 0))
        // Elsewhere (a file saved on its own), the file's name without its dates, else its folder's.
        let channelName = folders.last == "plaintext" && folders.count > 1
            ? folders[folders.count - 2].replacingOccurrences(of: "_", with: " ") : TextLog.channelName(fromPath: file.path)

        let lines = TextLog.lines(file.text)
        var events: [RawEvent] = []
        var day: LocalDate?
        var dateSource = DateSource.lines
        var fallback: LocalDate?
        var strayLines: [Int] = [], cutLines: [Int] = []
        var phones: [String: String] = [:]
        var pending: (header: Header, line: Int, date: LocalDate, body: [Substring], bytes: Int)?

        func fallbackDate() -> LocalDate {
            if let fallback { return fallback }
            var date = TextLog.undatedDay
            if let (found, from) = settings.fileDate(for: file.path) {
                (date, dateSource) = (found, from)
            } else {
                dateSource = .none
                diagnostics.append(TextLog.undated(file.path))
            }
            fallback = date
            return date
        }

        var quotes = QuoteIndex()
        /// Each author's latest messages, where an edit looks for the one it edits.
        var recent: [RawAuthor: [Int]] = [:]

        func finish() {
            guard let message = pending else { return }
            pending = nil
            var body = message.body[...]
            while let last = body.last, last.allSatisfy(\.isWhitespace) { body = body.dropLast() }
            var text = body.map { TextLog.clean($0) }.joined(separator: "\n")
            let name = TextLogNames.safe(message.header.name, phones: &phones)
            let author = RawAuthor.name(name)
            let time = TextLog.instant(message.date, seconds: message.header.seconds, in: TimeZone(identifier: "UTC") ?? settings.timeZone)
            var event = RawEvent(id: String(message.line), author: author, time: time, text: text, location: SourceLocation(file: file.path, line: message.line))
            if text.hasPrefix("/me ") {
                event.kind = .action
                text = String(text.dropFirst(4))
            }
            if text.hasPrefix(" * ") {
                // An edit: Element's fallback body is the new text after ` * `. It replaces the
                // message it edits when that is found (the same author's, equal or mostly alike),
                // where that message was; else it stands as a message of its own, marked edited.
                text = String(text.dropFirst(3))
                event.isEdited = true
                let key = ZoomReader.comparable(text)
                if let index = recent[author]?.last(where: { alike(quotes.keys[$0], key) }) {
                    events[index].text = text
                    events[index].marks = []
                    events[index].isEdited = true
                    quotes.update(index, text)
                    return
                }
            }
            if let reply = replyQuote(text) {
                if let index = quotes.latest(startingWith: ZoomReader.comparable(reply.quote)) {
                    // Found: the reply points at it and the site shows the quote; the fallback goes.
                    event.replyTo = events[index].id
                    text = reply.rest
                } else {
                    // Not in this file (an earlier month): the quote stays, as a quote.
                    var marked = MarkedText()
                    marked.append("\(reply.user): \(reply.quote)", .style(.quote))
                    if !reply.rest.isEmpty { marked.append("\n" + reply.rest) }
                    text = marked.text
                    event.marks = marked.marks
                }
            }
            guard !text.isEmpty else { return }
            event.text = text
            quotes.add(text)
            recent[author, default: []].append(events.count)
            if let count = recent[author]?.count, count > 20 { recent[author]?.removeFirst(count - 20) }
            events.append(event)
        }

        for (offset, line) in lines.enumerated() {
            if let header = header(line.text) {
                finish()
                pending = (header, line.number, day ?? fallbackDate(), [], 0)
                continue
            }
            // A day's line: after a blank line (or first), before a blank line, a header or the end.
            // Outside a message, any date line is one.
            if let date = dateLine(line.text),
               pending == nil || ((offset == 0 || lines[offset - 1].text.allSatisfy(\.isWhitespace))
                   && (offset + 1 == lines.count || lines[offset + 1].text.allSatisfy(\.isWhitespace) || header(lines[offset + 1].text) != nil)
                   && day.map({ date >= $0 }) ?? true) {
                finish()
                day = date
                continue
            }
            guard let (bytes, start) = pending.map({ ($0.bytes, $0.line) }) else {
                if !line.text.allSatisfy(\.isWhitespace) { strayLines.append(line.number) }
                continue
            }
            // The body grows where it is (`pending!`): a copy of the message held here would
            // make each append copy every line so far.
            let room = bodyLimit - bytes
            if line.text.utf8.count > room {
                if cutLines.last != start { cutLines.append(start) }
                if room > 0 { pending!.body.append(TextLog.prefix(line.text, bytes: room)) }
                pending!.bytes = bodyLimit
            } else {
                pending!.body.append(line.text)
                pending!.bytes += line.text.utf8.count + 1
            }
        }
        finish()

        func collapsed(_ lines: [Int], _ message: String) {
            if let warning = TextLog.collapsed(lines, file: file.path, message) { diagnostics.append(warning) }
        }
        collapsed(strayLines, "not a matrix-archive-bot line (expected a 'YYYY-MM-DD' day or '[HH:MM:SS.ffff] <name>' before it); skipped")
        collapsed(cutLines, "message longer than \(bodyLimit) bytes; cut")
        let note = ReadingNote(layout: "matrix-archive-bot", dates: dateSource, timeZone: "UTC, as the bot writes them")
        let conversation = RawConversation(format: .matrixLog, channel: RawChannel(platform: "matrix", name: channelName), events: events,
                                           source: SourceLocation(file: file.path), note: note)
        return ([.conversation(conversation)], diagnostics)
    }

    /// Whether an edit's text is that of a message: equal, or sharing most of it at its two
    /// ends (a typo fixed in the middle). Linear: no edit distance on hostile lengths.
    static func alike(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard !x.isEmpty, !y.isEmpty else { return false }
        var prefix = 0
        while prefix < x.count, prefix < y.count, x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < x.count - prefix, suffix < y.count - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] { suffix += 1 }
        return 2 * (prefix + suffix) >= max(x.count, y.count) && min(x.count, y.count) >= 4
    }
}
