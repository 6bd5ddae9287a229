import Foundation
import Testing
@testable import ConfabCore

/// Sites built from platform exports: what pages show beyond the text.
@Suite struct ExportSiteTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures/formats")

    /// A site whose content is the given fixture cases' `content/` folders, side by side.
    static func site(_ cases: [String]) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        let content = site.url.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for name in cases {
            let from = fixtures.appendingPathComponent("\(name)/content")
            for item in try FileManager.default.contentsOfDirectory(atPath: from.path) where item != "site.yaml" {
                try FileManager.default.copyItem(at: from.appendingPathComponent(item), to: content.appendingPathComponent(item))
            }
        }
        return site
    }

    /// Images an export holds (in a folder or in a zip) are copied into `media/` and shown,
    /// other files it holds offered; files it does not hold, and images it only names, are
    /// listed by name.
    @Test func heldImagesAreCopiedAndShown() throws {
        let site = try Self.site(["telegram/group-folder", "matrix/zip"])
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let media = try FileManager.default.contentsOfDirectory(atPath: site.url.appendingPathComponent("public/media").path).sorted()
        #expect(media.filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.count == 2)
        #expect(media.allSatisfy { $0.wholeMatch(of: /[0-9a-f]{20}\.(jpg|png|pdf|bin)/) != nil }, "\(media)")
        let photo = try #require(media.first { $0.hasSuffix(".jpg") })
        #expect(try Data(contentsOf: site.url.appendingPathComponent("public/media/\(photo)"))
                == Data(contentsOf: site.url.appendingPathComponent("content/ChatExport_2024-03-02/photos/photo_1@01-03-2024_11-12-00.jpg")))
        let page = try site.read("public/sessions/telegram-swift-learners-2024-03-01.html")
        #expect(page.contains("<img class=\"attached-image\" src=\"../media/\(photo)\" alt=\"photo_1@01-03-2024_11-12-00.jpg\" loading=\"lazy\">"))
        // Not held: listed without a picture.
        #expect(page.components(separatedBy: "<img").count == 2)
        let matrix = try site.read("public/sessions/matrix-confab-dev-2024-03-01.html")
        let screenshot = try #require(media.first { $0.hasSuffix(".png") })
        #expect(matrix.contains("<img class=\"attached-image\" src=\"../media/\(screenshot)\""))
        // The zip's "PDF" is no PDF by its bytes: offered as bytes to save, under its own name.
        #expect(matrix.contains(#"download="notes.pdf">notes.pdf</a>"#))
        #expect(matrix.contains(".bin\" download="))
    }

    /// A thread sits under its first message; a reply written the next day leaves a linked
    /// line there; reactions say who gave them; channel events fold into one line.
    @Test func threadsReactionsAndEventsOnTheSessionPage() throws {
        let site = try Self.site(["slack/workspace-folder"])
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let day1 = try site.read("public/sessions/slack-acme-general-2024-01-01.html")
        let day2 = try site.read("public/sessions/slack-acme-general-2024-01-02.html")
        #expect(day1.contains("<details class=\"replies\" open>\n    <summary>2 replies</summary>"))
        #expect(day1.contains("<span class=\"visually-hidden\">👍 1: Ben Kowalski</span>"))
        #expect(day1.contains("<summary>@Ben Kowalski has joined the channel</summary>"))
        #expect(day1.contains("<span class=\"mark\">pinned</span>") && day1.contains("<span class=\"mark\">edited</span>"))
        #expect(day2.contains("<a href=\"slack-acme-general-2024-01-01.html#m7\">Ana replied in a thread of Monday, January 1, 2024</a>"))
        #expect(!day1.contains("javascript:"))
        // The reply written on January 2 says its day on the page of January 1.
        #expect(day1.contains(">Jan 2, 10:06 AM</time>"))
        // Cy only reacted: named, with no page of their own.
        #expect(day1.contains("<span class=\"visually-hidden\">👋 1: Cy</span>"))
        #expect(!site.exists("public/people/cy.html"))
    }
}
