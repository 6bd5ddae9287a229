import Foundation
import Testing
@testable import ConfabCore

/// DiscordChatExporter's text and CSV layouts: dates as each version and culture writes
/// them, headers, reactions, what is not this format, and hostile input. No real export of
/// these layouts is at hand (SOURCES.md); the fixtures under `formats/discord-text/` are
/// written from the exporter's `PlainTextMessageWriter` and `CsvMessageWriter`.
@Suite struct DiscordTextTests {
    /// Stamp text → the instant it names with the file's order settled, read in UTC.
    static let stamps: [(String, Bool, String?)] = [
        ("02-Jan-20 03:04 PM", false, "2020-01-02 15:04:00"),   // old default `dd-MMM-yy hh:mm tt`
        ("02-Jan-20 12:04 AM", false, "2020-01-02 00:04:00"),
        ("1/2/2020 3:04 PM", false, "2020-01-02 15:04:00"),      // en-US `g`
        ("1/2/2020 3:04 PM", true, "2020-02-01 15:04:00"),
        ("02/01/2020 15:04", true, "2020-01-02 15:04:00"),       // en-GB, fr-FR
        ("02.01.2020 15:04", false, "2020-01-02 15:04:00"),      // de-DE, ru-RU: always day first
        ("2020-01-02 15:04", false, "2020-01-02 15:04:00"),      // sv-SE, ISO-ish custom
        ("2020/1/2 15:04", false, "2020-01-02 15:04:00"),        // ja-JP, zh-CN
        ("2025-12-06 1:51 a.m.", false, "2025-12-06 01:51:00"),  // en-CA
        ("2020-01-02T03:04:05.678+01:00", false, "2020-01-02 02:04:05"),
        ("2020-01-02 03:04:05Z", false, "2020-01-02 03:04:05"),
        // `--locale` (DiscordChatExporter PR #1130, ExportContext.FormatDate): `g` in the culture, as .NET with ICU writes it.
        ("1/2/2020 3:04\u{202F}PM", false, "2020-01-02 15:04:00"),  // en-US with ICU 72 (.NET 8): a narrow no-break space
        ("2/01/2020 3:04 pm", true, "2020-01-02 15:04:00"),       // en-AU
        ("2.1.2020 15.04", true, "2020-01-02 15:04:00"),          // fi-FI: a dot in the time
        ("02.01.2020 15.04", true, "2020-01-02 15:04:00"),        // da-DK
        ("2-1-2020 15:04", true, "2020-01-02 15:04:00"),          // nl-NL
        ("2/1/2020 15:04", true, "2020-01-02 15:04:00"),          // es-ES
        ("2.01.2020 15:04", true, "2020-01-02 15:04:00"),         // tr-TR
        ("2020/01/02 15:04", false, "2020-01-02 15:04:00"),       // ja-JP
        ("2020. 01. 02. 15:04", false, "2020-01-02 15:04:00"),    // hu-HU
        ("2020. 1. 2. 오후 3:04", false, "2020-01-02 15:04:00"),   // ko-KR: the meridiem first
        ("2020/1/2 下午 3:04", false, "2020-01-02 15:04:00"),      // zh-TW
        ("1/2/20, 3:04 PM", false, nil),                         // WhatsApp's comma
        ("12:34", false, nil),                                   // IRC's time alone
        ("2020-01-02 25:00", false, nil),
        ("13 PM", false, nil),
        ("2020-01-02 3:04 PM junk", false, nil),
    ]

    @Test func stamps() {
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        format.timeZone = TimeZone(identifier: "UTC")
        for (text, dayFirst, expected) in Self.stamps {
            let resolved = DiscordTextReader.Stamp.parse(Substring(text))?.resolved(dayFirst: dayFirst)
            let instant = resolved.map { date, seconds, offset in
                Date(timeIntervalSince1970: Double(TimeText.daysSinceEpoch(date)) * 86400 + seconds - Double(offset ?? 0))
            }
            #expect(instant.map(format.string) == expected, "\(text)")
        }
    }

    @Test func dayOrderFromTheFile() {
        func stamps(_ texts: [String]) -> [DiscordTextReader.Stamp] { texts.compactMap { DiscordTextReader.Stamp.parse(Substring($0)) } }
        #expect(DiscordTextReader.Stamp.dayFirst(stamps(["1/2/2020 3:04 PM", "1/13/2020 3:04 PM"])) == false)
        #expect(DiscordTextReader.Stamp.dayFirst(stamps(["1/2/2020 15:04", "13/1/2020 15:04"])) == true)
        #expect(DiscordTextReader.Stamp.dayFirst(stamps(["1/2/2020 3:04 PM"])) == false)
        #expect(DiscordTextReader.Stamp.dayFirst(stamps(["1/2/2020 15:04"])) == true)
    }

    @Test func headers() {
        let old = DiscordTextReader.parseHeader("[02-Jan-20 03:04 PM] Ana#0001 (pinned)")
        #expect(old?.author == "Ana#0001")
        #expect(old?.pinned == true)
        #expect(DiscordTextReader.parseHeader("[1/2/2020 3:04 PM] ana")?.author == "ana")
        #expect(DiscordTextReader.parseHeader("[1/2/2020 3:04 PM]") == nil)
        #expect(DiscordTextReader.parseHeader("[12:34] <nick> hi") == nil)
        #expect(DiscordTextReader.FileReader.shownName("Ana#0001") == "Ana")
        #expect(DiscordTextReader.FileReader.shownName("#1234") == "#1234")
        #expect(DiscordTextReader.FileReader.shownName("ana.b") == "ana.b")
    }

    @Test func reactions() {
        let text = DiscordTextReader.FileReader.reactions("👍 (3) blob ❤️ ", separatedBy: " ")
        #expect(text == [RawReaction(emoji: "👍", count: 3), RawReaction(emoji: ":blob:", count: 1), RawReaction(emoji: "❤️", count: 1)])
        let csv = DiscordTextReader.FileReader.reactions("👍 (2),blob (1)", separatedBy: ",")
        #expect(csv == [RawReaction(emoji: "👍", count: 2), RawReaction(emoji: ":blob:", count: 1)])
    }

    static func source(_ text: String, _ name: String = "content/x.txt") -> Source { Source(SourceFile(path: name, text: text)) }

    /// Other formats' first lines: never this reader's.
    @Test func otherFormats() {
        let others = [
            "[1/2/20, 3:04:05 PM] Ana: hi\n[1/2/20, 3:05:05 PM] Ben: yo\n",       // WhatsApp iOS
            "1/2/20, 3:04 PM - Ana: hi\n",                                        // WhatsApp Android
            "--- Log opened Sat Feb 14 00:00:00 2015\n00:01 <ana> hi\n",         // irssi
            "[12:34:56] <ana> hi\n[12:35:00] * ana waves\n",                      // ZNC
            "10:00:01\t From  Ana : hi\n",                                        // Zoom
            "10:00:01 From Ana to Everyone:\n\thi\n",                             // Zoom, newer
            "[2021-01-05 10:00:00] <ana> hi\n",                                   // a bracketed IRC log with dates
            "[2021-01-05 10:00:00] * ana waves\n",
            "[2021-01-05 10:00:00] -!- ana joined\n",
            "{\"guild\": {}, \"channel\": {}, \"messages\": []}",                // DiscordChatExporter JSON
            "<!DOCTYPE html><html><head><title>Acme - general</title>",          // DiscordChatExporter HTML
            "#edchat Archive\n\nSome Twitter chat\n",                            // Twitter-chat transcript
            "name,date,text\nana,2020-01-02,hi\n",                               // some other CSV
        ]
        for text in others {
            #expect(DiscordTextReader.confidence(Self.source(text)) == 0, "\(text.prefix(40))")
        }
        #expect(DiscordTextReader.confidence(Self.source("[1/2/2020 3:04 PM] ana\nhi\n")) == 60)
        #expect(DiscordTextReader.confidence(Self.source("AuthorID,Author,Date,Content,Attachments,Reactions\n", "content/x.csv")) == 95)
    }

    /// The real samples of other formats, where they are beside the repository.
    static let samples = Repository.formatSamples
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samples.path))) func otherFormatsSamples() throws {
        let files = FileManager.default.enumerator(atPath: Self.samples.path)?.compactMap { $0 as? String } ?? []
        var checked = 0
        for name in files where [".txt", ".log", ".html", ".json"].contains(where: name.hasSuffix) {
            guard let data = FileManager.default.contents(atPath: Self.samples.appendingPathComponent(name).path), data.count < 5_000_000,
                  let text = String(data: data, encoding: .utf8) else { continue }
            #expect(DiscordTextReader.confidence(Self.source(text, "content/" + name)) == 0, "\(name)")
            checked += 1
        }
        #expect(checked > 3)
    }

    /// A preamble, then dates in a culture's layout that is not read: one warning that says so.
    @Test func unknownDates() {
        let rule = String(repeating: "=", count: 62)
        // ar-SA: Arabic-Indic digits (Korean's `2020. 1. 2. 오후 3:04` is read now: see `stamps`).
        let text = "\(rule)\nGuild: G\nChannel: c\n\(rule)\n\n[٢/١/٢٠٢٠ ٣:٠٤ م] ana\nhi\n\n[٢/١/٢٠٢٠ ٣:٠٥ م] ben\nyo\n"
        let (chats, diagnostics) = DiscordTextReader.read(Self.source(text))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.events.isEmpty)
        #expect(diagnostics.map(\.location.line) == [6])
        #expect(diagnostics.first?.message.contains("--locale") == true)
    }

    /// A 10 MB line and a million bad lines: read in linear time, cut, warned about in a few lines.
    @Test func hostile() {
        let rule = String(repeating: "=", count: 62)
        let long = String(repeating: "a", count: 10 << 20)
        let garbage = String(repeating: "junk\n", count: 200_000)
        let text = "\(rule)\nGuild: G\nChannel: c\n\(rule)\n\(garbage)[1/2/2020 3:04 PM] ana\n\(long)\n"
        let (chats, diagnostics) = DiscordTextReader.read(Self.source(text))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.events.count == 1)
        #expect(conversation.events.first.map { $0.text.utf8.count } == DiscordTextReader.maxText)
        #expect(diagnostics.count == DiscordTextReader.maxWarnings + 2)
        #expect(diagnostics.contains { $0.message.contains("and 199,990 more lines") || $0.message.contains("and 199990 more lines") })

        let quotes = "AuthorID,Author,Date,Content,Attachments,Reactions\n" + String(repeating: "\"1\",\"a\",\"x\"y\n", count: 50_000)
        let csv = DiscordTextReader.read(Self.source(quotes, "content/x.csv"))
        #expect(csv.diagnostics.count <= DiscordTextReader.maxWarnings + 2)
    }
}
