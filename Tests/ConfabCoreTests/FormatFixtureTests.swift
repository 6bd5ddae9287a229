import Foundation
import Testing
@testable import ConfabCore

/// Every case of `Fixtures/formats/<format>/<case>/`: its `content/` is read and normalized
/// as a site's would be, and the result, written out by `ArchiveDump`, must be the case's
/// `expected.txt`. A case that differs leaves what it got in the temporary folder and
/// names it, so a change in behaviour is reviewed and the file copied over by hand.
@Suite struct FormatFixtureTests {
    static let folder = Repository.root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures/formats")

    static var cases: [String] {
        let formats = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return formats.sorted().flatMap { format in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(format).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted().map { "\(format)/\($0)" }
        }
    }

    @Test(arguments: cases)
    func readsAsExpected(_ name: String) throws {
        let caseFolder = Self.folder.appendingPathComponent(name)
        let expected = try String(contentsOf: caseFolder.appendingPathComponent("expected.txt"), encoding: .utf8)
        let actual = try Self.dump(caseFolder)
        if actual != expected {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("confab-fixtures/\(name)")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: out.appendingPathComponent("expected.txt"))
            let first = zip(actual.split(separator: "\n", omittingEmptySubsequences: false), expected.split(separator: "\n", omittingEmptySubsequences: false))
                .enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("\(name): normalized result differs from expected.txt (got \(out.path)/expected.txt); first difference at line \((first?.offset ?? 0) + 1):\n  got:      \(first?.element.0 ?? "")\n  expected: \(first?.element.1 ?? "")")
        }
    }

    /// The case's `content/` (and `site.yaml` in it, if any) read and normalized, dumped.
    static func dump(_ caseFolder: URL) throws -> String {
        let (archive, _, diagnostics) = try readArchive(site: caseFolder)
        return ArchiveDump.text(archive, diagnostics: diagnostics)
    }
}

/// The normalized archive as text, one fact a line, for fixtures a reviewer can read.
enum ArchiveDump {
    static func text(_ archive: Archive, diagnostics: [Diagnostic]) -> String {
        var out: [String] = []
        let handles = archive.handleIndex()
        func time(_ t: LocalTime) -> String { "\(Wording.twoDigits(t.minutes / 60)):\(Wording.twoDigits(t.minutes % 60)) \(t.zone)" }
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        for session in archive.sessions {
            out.append("session \(session.series) \(session.date) \(quoted(session.title)) at \(time(session.start)), \(session.format.rawValue), from \(session.source.file)")
            if let channel = session.channel {
                out.append("  channel \(channel.platform) \(quoted(channel.name))" + (channel.workspace.map { " in \(quoted($0))" } ?? "") + (channel.topic.map { " topic \(quoted($0))" } ?? ""))
            }
            var eventsBefore: [String: [SystemEvent]] = [:], trailing: [SystemEvent] = []
            for event in session.events {
                if let id = event.beforeID { eventsBefore[id, default: []].append(event) } else { trailing.append(event) }
            }
            func dumpEvent(_ event: SystemEvent) {
                out.append("  event \(time(event.time)) \(event.personKey ?? "-") \(quoted(event.text))"
                           + (event.link.map { " → \($0.series) \(TimeText.isoText($0.sessionStart)) \($0.id)" } ?? ""))
            }
            for message in session.messages {
                eventsBefore[message.id]?.forEach(dumpEvent)
                var flags: [String] = []
                if let native = message.nativeID { flags.append("id=\(native)") }
                if let reply = message.inReplyToID { flags.append("reply→\(reply)") }
                if let link = message.replyLink { flags.append("reply→\(link.series) \(TimeText.isoText(link.sessionStart)) \(link.id)") }
                if let root = message.threadRootID { flags.append("thread→\(root)") }
                if message.isAction { flags.append("action") }
                if message.isEdited { flags.append("edited") }
                if message.isPinned { flags.append("pinned") }
                if message.isBot { flags.append("bot") }
                if let role = message.role { flags.append("role=\(role)") }
                if let from = message.forwardedFrom { flags.append("forwarded from \(quoted(from))") }
                if let label = message.label { flags.append("label \(label.raw.trimmingCharacters(in: .whitespaces))") }
                if !message.quotedIDs.isEmpty { flags.append("quotes " + message.quotedIDs.joined(separator: " ")) }
                if !message.repostLines.isEmpty { flags.append("reposted ×\(message.repostLines.count)") }
                if message.knownOnlyFromQuote { flags.append("known only from a quote") }
                if !message.timeIsWritten { flags.append("no time") }
                let author = message.authorKey.map { "\($0) (\(handles[$0] ?? "?"))" } ?? "-"
                out.append("  \(message.id) \(time(message.time)) \(author)\(flags.isEmpty ? "" : " [" + flags.joined(separator: ", ") + "]")")
                out.append("    text \(quoted(message.text))")
                let utf8 = Array(message.text.utf8)
                for entity in message.entities {
                    let shown = entity.range.upperBound <= utf8.count ? String(decoding: utf8[entity.range], as: UTF8.self) : "?"
                    out.append("    \(entity.kind.rawValue) \(quoted(shown)) → \(entity.value)")
                }
                for style in message.styles {
                    let shown = style.range.upperBound <= utf8.count ? String(decoding: utf8[style.range], as: UTF8.self) : "?"
                    out.append("    style \(style.kind.rawValue) \(quoted(shown))")
                }
                for reaction in message.reactions {
                    out.append("    reaction \(reaction.emoji) ×\(reaction.count)" + (reaction.people.isEmpty ? "" : " by " + reaction.people.joined(separator: ", ")))
                }
                for file in message.attachments {
                    out.append("    attachment \(quoted(file.name))" + (file.type.map { " \($0)" } ?? "") + (file.size.map { " \($0) bytes" } ?? "") + (file.path.map { " at \($0)" } ?? "")
                               + (file.url.map { " link \($0)" } ?? "") + (file.access.map { " (\($0.rawValue))" } ?? ""))
                }
            }
            trailing.forEach(dumpEvent)
            for thread in session.threads { out.append("  thread \(thread.rootID): \(thread.replyIDs.joined(separator: " "))") }
            for question in session.questions {
                out.append("  question \(question.number) \(question.messageID ?? "-"): answers \(question.answerIDs.joined(separator: " "))"
                           + (question.replyIDs.isEmpty ? "" : "; thread \(question.replyIDs.joined(separator: " "))"))
            }
        }
        out.append("people")
        for person in archive.participants {
            out.append("  \(person.key) \(quoted(person.handle)) \(person.messageCount) messages in \(person.sessionCount) sessions" + (person.roles.isEmpty ? "" : ", " + person.roles.joined(separator: ", ")))
        }
        for person in archive.mentionedOnly { out.append("  \(person.key) \(quoted(person.handle)) mentioned only") }
        out.append("diagnostics")
        for diagnostic in diagnostics where !diagnostic.message.hasPrefix("no base_url") { out.append("  \(diagnostic)") }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The question rule for channels, case by case.
@Suite struct ThreadQuestionTests {
    @Test(arguments: [
        ("How do I deploy?", true), ("how do I deploy", true), ("Anyone around", true), ("Wie geht das", true),
        ("¿Cómo se hace", true), ("Как это сделать", true), ("Thanks, it works", false), ("Was fun today", false),
        ("Que bom", false), ("see data.csv", false),
    ])
    func asks(_ text: String, _ expected: Bool) {
        #expect(ThreadQuestions.asks(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("How do I open data.csv?", "How do I open data.csv?"), ("Hi! Does it work on v1.2?", "Does it work on v1.2?"),
        ("Intro.\nSecond line? yes", "Second line?"), ("No question here", "No question here"),
    ])
    func headline(_ text: String, _ expected: String) {
        #expect(ThreadQuestions.headline(text) == expected)
    }
}
