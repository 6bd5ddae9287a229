import Foundation
import Testing
@testable import ConfabCore

/// Text logs built to make a reader slow: each must be read in about the time its size takes
/// (a few hundred kilobytes, well under a second; a quadratic step takes minutes, so the
/// bound is loose enough for a loaded machine).
@Suite struct HostileLogTests {
    static func seconds(_ work: () -> Void) -> Double {
        let start = Date()
        work()
        return Date().timeIntervalSince(start)
    }

    static func read(_ reader: any FormatReader.Type, _ path: String, _ text: String) -> Double {
        seconds {
            let source = Source(SourceFile(path: path, text: text))
            _ = reader.confidence(source, settings: ReadSettings())
            _ = reader.read(source, settings: ReadSettings())
        }
    }

    static let n = 200_000

    /// Spaces or CRs at the end of a line were taken off one by one through `Substring.last`.
    @Test func matrixLogTrailingBlanks() {
        let text = "2021-02-01\n[09:00:01.0005] <Ann>" + String(repeating: " ", count: Self.n) + "\nhi\n"
            + "[09:00:02.0005] <Bob>\n" + String(repeating: "\r", count: Self.n) + "x\n"
        #expect(Self.read(MatrixLogReader.self, "content/room/2021-02.txt", text) < 20)
    }

    /// A nick of many mode signs (`@@@…`) was stripped one sign at a time, counting the rest each time.
    @Test func ircModeSigns() {
        let signs = String(repeating: "@", count: Self.n)
        let text = "[09:00:00] <ann> hi\n[09:00:01] * \(signs) waves\n[09:00:02] <\(signs)> hi\n[09:00:03] *** Joins: \(signs) (a@b)\n"
        #expect(Self.read(IRCReader.self, "content/#chan_20160810.log", text) < 20)
    }

    /// A preamble never closed by its rule: every line went into the topic, copied each time.
    @Test func discordTextLongTopic() {
        let text = String(repeating: "=", count: 62) + "\nGuild: Acme\nChannel: general\nTopic: x\n" + String(repeating: "y\n", count: Self.n)
        #expect(Self.read(DiscordTextReader.self, "content/general.txt", text) < 20)
    }

    /// Blank lines before a message's text were removed one at a time from the front.
    @Test func discordTextLeadingBlankLines() {
        let text = "[28-Mar-20 11:58 PM] Ana#0001\n" + String(repeating: "\n", count: Self.n) + "hello\n"
        #expect(Self.read(DiscordTextReader.self, "content/general.txt", text) < 20)
    }

    /// The oldest layout's attachment URLs after the content were inserted at the front one by one.
    @Test func discordTextManyAttachmentURLs() {
        let text = "[28-Mar-20 11:58 PM] Ana#0001\nhello\n"
            + String(repeating: "https://cdn.discordapp.com/attachments/1/2/a.png\n", count: 20_000)
        let seconds = Self.read(DiscordTextReader.self, "content/general.txt", text)
        #expect(seconds < 2)
        let (chats, _) = DiscordTextReader.read(Source(SourceFile(path: "content/general.txt", text: text)))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("nothing read"); return }
        #expect(conversation.events.first?.attachments.count ?? 0 <= 1000)
    }

    /// A message of many lines grew through a copy of it held while appending: every line copied all before it.
    @Test func longMessagesGrowInPlace() {
        let lines = String(repeating: "\n", count: Self.n)
        #expect(Self.read(WhatsAppReader.self, "content/WhatsApp Chat with X.txt",
                          "31/12/2021, 21:05 - Ana: start\(lines)end\n31/12/2021, 21:06 - Ben: next\n") < 20)
        #expect(Self.read(MatrixLogReader.self, "content/room/2021-01.txt",
                          "2021-01-28\n[14:15:41.0587] <ann>\nstart\(lines)end\n\n[14:16:41.0587] <bob>\nnext\n") < 20)
    }
}
