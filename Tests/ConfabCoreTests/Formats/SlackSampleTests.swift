import Foundation
import Testing
@testable import ConfabCore

/// The real Slack export in `../shared/samples/formats/slack/` (R Contributors; not copied
/// into the repository), read as a site's content folder. The counts were taken by reading
/// the export. Skipped where the samples are not beside the repository.
@Suite struct SlackSampleTests {
    static let folder = Repository.formatSamples.appendingPathComponent("slack")
    static var present: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("r-contributors-slack-export/channels.json").path) }

    @Test(.enabled(if: present)) func readsTheExportAsOneSource() throws {
        let (archive, input, diagnostics) = try readArchive(contentAt: Self.folder)
        #expect(input.sources.map(\.path) == ["content/r-contributors-slack-export"])
        #expect(input.sources.first?.kind == .folder)
        // core-dev-help: a question (root with reply_count 11, 8 replies on this day), 4 people,
        // reactions point_up ×1 and pray ×2, one edit. patches-for-review: 9 joins and the
        // purpose as channel events, one message with a link preview and +1 ×2.
        #expect(archive.sessions.map(\.series) == ["slack-patches-for-review", "slack-core-dev-help"])
        #expect(archive.sessions.map(\.messages.count) == [1, 9])
        #expect(archive.sessions.map(\.events.count) == [10, 0])
        let help = archive.sessions[1]
        #expect(help.threads.map(\.replyIDs.count) == [8])
        #expect(help.threads.first?.rootID == "m1")
        #expect(help.authors.count == 4)
        #expect(help.messages.flatMap(\.reactions).map { "\($0.emoji)×\($0.count)" } == ["☝️×1", "🙏×2"])
        #expect(help.messages.filter(\.isEdited).count == 1)
        #expect(help.questions.map(\.answerIDs.count) == [5])
        #expect(help.questions.first?.replyIDs.count == 3)
        #expect(archive.sessions[0].messages.first?.reactions.map(\.count) == [2])
        #expect(archive.participants.count == 5)
        // No users.json in this cut of the export; the reactions of two people never named.
        #expect(diagnostics.map(\.message).contains { $0.hasPrefix("no users.json") })
        #expect(diagnostics.map(\.message).contains { $0.hasPrefix("2 people who reacted") })
    }
}

/// `readArchive` on a site whose `content/` is a folder elsewhere, through a temporary link.
func readArchive(contentAt content: URL) throws -> (Archive, SiteInput, [Diagnostic]) {
    let folder = try TemporaryFolder()
    try FileManager.default.createSymbolicLink(at: folder.url.appendingPathComponent("content"), withDestinationURL: content)
    let (archive, input, diagnostics) = try readArchive(site: folder.url)
    return (archive, input, diagnostics)
}
