import Foundation
import Testing
@testable import ConfabCore

/// The real Telegram Desktop exports in `../shared/samples/formats/telegram/` (not copied
/// into the repository), read and normalized; the counts were taken by reading the files.
/// Skipped where the samples are not beside the repository.
@Suite struct TelegramSampleTests {
    static let folder = Repository.formatSamples.appendingPathComponent("telegram")
    static let complete = "telegram_guzelskie-perezalivy-channel_result_2026-06-19.json"
    static let truncated = "telegram_guzelskie-perezalivy-channel_result_TRUNCATED.json"
    static var present: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(complete).path) }

    struct Reading {
        var events: [RawEvent]
        var users: [String: RawUser]
        var readDiagnostics: [Diagnostic]
        var archive: Archive
        var normalizeDiagnostics: [Diagnostic]
    }

    static func read(_ name: String) throws -> Reading {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let source = Source(SourceFile(path: "content/\(name)", text: text))
        #expect(TelegramReader.confidence(source) == 90)
        #expect(SlackReader.confidence(source) == 0)
        let (chats, diagnostics) = FormatRegistry.read(source)
        let conversations = chats.compactMap { chat -> RawConversation? in
            if case .conversation(let conversation) = chat { conversation } else { nil }
        }
        #expect(conversations.count == 1)
        let built = Normalizer.sessions(chats, config: SiteConfig())
        let (archive, normalized) = Normalizer.archive([built], config: SiteConfig())
        return Reading(events: conversations.first?.events ?? [], users: conversations.first?.users ?? [:],
                       readDiagnostics: diagnostics, archive: archive, normalizeDiagnostics: normalized)
    }

    /// 6 channel posts of 2026-06-19: a photo and five videos, none downloaded, all edited;
    /// the first post's text has 3 custom emoji, 3 text links and 2 hashtags, and one reaction.
    @Test(.enabled(if: present)) func completeExport() throws {
        let reading = try Self.read(Self.complete)
        #expect(reading.readDiagnostics.isEmpty)
        #expect(reading.events.count == 6)
        #expect(reading.events.allSatisfy { $0.kind == .message && $0.isEdited && $0.author == .id("channel2447843635") })
        #expect(reading.users["channel2447843635"]?.displayName == "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ")

        let first = try #require(reading.events.first)
        #expect(first.id == "3858")
        #expect(first.location.line == 7)
        #expect(first.time == Date(timeIntervalSince1970: 1781868410))
        #expect(first.text == "Очень странные дела (S1 E1-5)\n\n📹 ТВИЧ | 💳 БУСТИ | 💬 ТЕЛЕГА\n\n#КиноСтрим #ОСД")
        #expect(first.marks.map(\.kind) == [.link("https://www.twitch.tv/guz3lka"), .link("https://boosty.to/guzelka_games"), .link("http://t.me/papapachuca")])
        #expect(first.reactions == [RawReaction(emoji: "🔥", count: 12)])
        #expect(first.attachments == [RawAttachment(name: "photo", type: "photo", size: 178051)])
        #expect(!first.text.contains("sticker"))

        let attachments = reading.events.flatMap(\.attachments)
        #expect(attachments.count == 6)
        #expect(attachments.allSatisfy { $0.path == nil })
        #expect(attachments.dropFirst().map(\.name) == ["1.mp4", "2.mp4", "3.mp4", "4.mp4", "5.mp4"])

        let archive = reading.archive
        #expect(archive.sessions.count == 1)
        #expect(archive.sessions.first?.date == LocalDate(year: 2026, month: 6, day: 19))
        #expect(archive.sessions.flatMap(\.messages).count == 6)
        #expect(archive.sessions.flatMap(\.events).isEmpty)
        #expect(archive.participants.map(\.key) == ["telegram:channel2447843635"])
        #expect(archive.sessions.flatMap(\.messages).flatMap(\.entities).filter { $0.kind == .url }.count == 3)
        #expect(archive.sessions.flatMap(\.threads).isEmpty)
        #expect(reading.normalizeDiagnostics.isEmpty)
    }

    /// The first 234 messages of the channel: create_channel (23:59 UTC on 2024-09-28) and a
    /// title change, then 232 video posts of 2024-09-29, 30 of them edited, 29 with 33
    /// reactions given 54 times; no replies; no file downloaded.
    @Test(.enabled(if: present)) func truncatedExport() throws {
        let reading = try Self.read(Self.truncated)
        #expect(reading.readDiagnostics.isEmpty)
        #expect(reading.events.count == 234)
        let system = reading.events.filter { $0.kind == .system }
        #expect(system.map(\.text) == ["ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ created the channel «ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ»",
                                       "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ changed the channel name to «ХУЕЛЬСКИЕ ХУЕЗАЛИВЫ»"])
        let messages = reading.events.filter { $0.kind == .message }
        #expect(messages.count == 232)
        #expect(messages.filter(\.isEdited).count == 30)
        #expect(messages.filter { !$0.reactions.isEmpty }.count == 29)
        #expect(messages.flatMap(\.reactions).count == 33)
        #expect(messages.flatMap(\.reactions).map(\.count).reduce(0, +) == 54)
        #expect(messages.flatMap(\.attachments).count == 232)
        #expect(messages.flatMap(\.attachments).allSatisfy { $0.type == "video/mp4" && $0.path == nil })
        #expect(messages.allSatisfy { $0.replyTo == nil && $0.forwardedFrom == nil })
        // Every message's line is found: the last one's `"id": 362` is on the file's line 6964.
        #expect(reading.events.allSatisfy { $0.location.line != nil })
        #expect(reading.events.last?.id == "362")
        #expect(reading.events.last?.location.line == 6964)

        let archive = reading.archive
        // The channel's creation is alone on its UTC day: it opens the next day's session.
        #expect(archive.sessions.count == 1)
        #expect(archive.sessions.map(\.messages.count) == [232])
        #expect(archive.sessions.map(\.events.count) == [2])
        #expect(archive.sessions[0].events.first?.beforeID == "m1")
        #expect(archive.participants.count == 1)
        #expect(archive.participants.first?.messageCount == 232)
        #expect(reading.normalizeDiagnostics.isEmpty)
    }
}
