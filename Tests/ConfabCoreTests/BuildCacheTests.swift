import Foundation
import Testing
@testable import ConfabCore

/// A rebuild skips the pipeline only when its input and tool are the last build's and
/// the output is exactly as that build left it.
@Suite struct BuildCacheTests {
    func rebuild(_ site: TemporaryFolder, tool: String = "test 1", force: Bool = false) throws -> BuildReport {
        try build(BuildOptions(site: site.url, force: force, tool: tool))
    }

    @Test func aRebuildWithNothingChangedRunsNothingAndTouchesNothing() throws {
        let site = try TemporaryFolder.sampleSite()
        let first = try rebuild(site)
        #expect(!first.upToDate)
        let before = try #require(BuildCache.stamps(in: site.url.appendingPathComponent("public")))
        let second = try rebuild(site)
        #expect(second.upToDate)
        #expect(second.timings.map(\.stage) == ["read", "cache"])
        // The report is the last build's, warnings included, so CI logs read the same.
        #expect((second.sessions, second.messages, second.participants, second.pagesWritten, second.filesWritten)
                == (first.sessions, first.messages, first.participants, first.pagesWritten, first.filesWritten))
        #expect(second.diagnostics == first.diagnostics && !first.diagnostics.isEmpty)
        #expect(BuildCache.stamps(in: site.url.appendingPathComponent("public")) == before)
        #expect(site.exists(".confab-cache/public.record"))
    }

    /// Each change must rebuild: the input, the templates, the settings, the tool, `--strict`,
    /// `--force`, and the output touched by anyone else.
    @Test(arguments: ["transcript", "new transcript", "template", "settings", "about", "tool", "strict", "force",
                      "output file edited", "output file removed", "output file added", "output removed"])
    func anyChangeRebuilds(change: String) throws {
        let site = try TemporaryFolder.sampleSite()
        _ = try rebuild(site)
        var tool = "test 1", force = false, strict = false
        switch change {
        case "transcript":
            let path = "content/badgechat-2018-03-05.txt"
            let text = try site.read(path)
            try site.write(path, text.replacingOccurrences(of: "badges", with: "Badges"))
        case "new transcript": try site.write("content/zz.txt", try site.read("content/badgechat-2018-03-05.txt"))
        case "template": try site.write("templates/tag.mustache", "{{<layout}}{{$main}}<h1>{{tag}}</h1>{{/main}}{{/layout}}")
        case "settings": try site.write("content/site.yaml", "title: Another title\n")
        case "about": try site.write("content/about.md", "# About\n")
        case "tool": tool = "test 2"
        case "strict": strict = true
        case "force": force = true
        case "output file edited": try site.write("public/index.html", "<p>edited</p>")
        case "output file removed": try FileManager.default.removeItem(at: site.url.appendingPathComponent("public/style.css"))
        case "output file added": try site.write("public/extra.html", "<p>extra</p>")
        case "output removed": try FileManager.default.removeItem(at: site.url.appendingPathComponent("public"))
        default: Issue.record("unknown change \(change)")
        }
        let report: BuildReport
        do {
            report = try build(BuildOptions(site: site.url, strict: strict, force: force, tool: tool))
        } catch let failure as InputFailure {
            // --strict fails on the sample's warning: it ran the pipeline rather than report the cached success.
            #expect(change == "strict" && failure.strict)
            return
        }
        #expect(!report.upToDate, "\(change)")
        #expect(try site.read("public/index.html").hasPrefix("<!DOCTYPE html>"))
        #expect(!site.exists("public/extra.html"))
        // And the build after it has nothing to do again.
        #expect(try build(BuildOptions(site: site.url, strict: strict, tool: tool)).upToDate, "\(change)")
    }

    /// After a change, pages the change does not reach are taken from the last build —
    /// unless their file was touched since, when they are rendered again.
    @Test func unchangedPagesAreKeptAndTouchedOnesRenderedAgain() throws {
        let site = try TemporaryFolder.sampleSite()
        _ = try rebuild(site)
        let untouched = try site.read("public/sessions/badgechat-2016-10-03.html")
        try site.write("public/sessions/badgechat-2016-10-03.html", "<p>edited by hand</p>")
        let path = "content/badgechat-2018-03-05.txt"
        try site.write(path, try site.read(path).replacingOccurrences(of: "badges", with: "Badges"))
        let report = try rebuild(site)
        #expect(!report.upToDate && report.filesChanged < report.filesWritten)
        #expect(try site.read("public/sessions/badgechat-2016-10-03.html") == untouched)
        #expect(try site.read("public/sessions/badgechat-2018-03-05.html").contains("Badges"))
        let forced = try build(BuildOptions(site: site.url, output: site.url.appendingPathComponent("forced"), force: true, tool: "test 1"))
        #expect(forced.filesWritten == report.filesWritten)
        for stamp in try #require(BuildCache.stamps(in: site.url.appendingPathComponent("public"))) where stamp.path != SiteWriter.marker {
            #expect(try site.read("public/\(stamp.path)") == site.read("forced/\(stamp.path)"), "\(stamp.path)")
        }
    }

    /// An export is one source of many files: editing one day file, adding a day, or
    /// replacing its zip rebuilds exactly what a full build writes.
    @Test(arguments: ["day file edited", "day file added", "zip replaced"])
    func exportChangesRebuildAsAFullBuildWould(change: String) throws {
        let site = try TemporaryFolder.sampleSite()
        let fixtures = Repository.root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures/formats/slack")
        let export = "content/Acme Slack export Jan 1 2024 - Jan 3 2024"
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("workspace-folder/\(export)"), to: site.url.appendingPathComponent(export))
        let zip = "content/Acme Slack export Mar 2 2024.zip"
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("zip/\(zip)"), to: site.url.appendingPathComponent(zip))
        let first = try rebuild(site)
        switch change {
        case "day file edited":
            let day = "\(export)/general/2024-01-02.json"
            try site.write(day, try site.read(day).replacingOccurrences(of: "New day, new topic", with: "A day, a topic"))
        case "day file added":
            try site.write("\(export)/general/2024-01-05.json", #"[{"type": "message", "user": "U0ANA", "text": "Later", "ts": "1704456000.000100"}]"#)
        default:
            try FileManager.default.removeItem(at: site.url.appendingPathComponent(zip))
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("workspace-folder/\(export)/general/2024-01-01.json"),
                                             to: site.url.appendingPathComponent("content/general.json"))
        }
        let report = try rebuild(site)
        #expect(!report.upToDate)
        #expect(report.sessions == first.sessions + (change == "day file added" ? 1 : 0))
        let forced = try build(BuildOptions(site: site.url, output: site.url.appendingPathComponent("forced"), force: true, tool: "test 1"))
        #expect(forced.filesWritten == report.filesWritten)
        for stamp in try #require(BuildCache.stamps(in: site.url.appendingPathComponent("public"))) where stamp.path != SiteWriter.marker {
            #expect(try site.read("public/\(stamp.path)") == site.read("forced/\(stamp.path)"), "\(change): \(stamp.path)")
        }
        if change == "day file edited" {
            #expect(try site.read("public/sessions/slack-acme-general-2024-01-02.html").contains("A day, a topic"))
        }
    }

    /// An image an export holds, replaced under the same name, is copied again.
    @Test func aChangedImageRebuilds() throws {
        let site = try TemporaryFolder.sampleSite()
        let chat = "content/WhatsApp Chat - Family"
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures/formats/whatsapp/ios-folder-media/\(chat)"),
            to: site.url.appendingPathComponent(chat))
        _ = try rebuild(site)
        let before = try FileManager.default.contentsOfDirectory(atPath: site.url.appendingPathComponent("public/media").path)
        // Another photo under the same name (a copy with a new time would be the same copy).
        let photo = site.url.appendingPathComponent("\(chat)/00000012-PHOTO-2021-12-31-21-06-02.jpg")
        let bytes = try Data(contentsOf: Repository.root.appendingPathComponent(
            "Tests/ConfabCoreTests/Fixtures/formats/telegram/group-folder/content/ChatExport_2024-03-02/photos/photo_1@01-03-2024_11-12-00.jpg"))
        try bytes.write(to: photo)
        let report = try rebuild(site)
        #expect(!report.upToDate)
        let media = try FileManager.default.contentsOfDirectory(atPath: site.url.appendingPathComponent("public/media").path)
        #expect(media.count == 1 && media != before)
        #expect(try Data(contentsOf: site.url.appendingPathComponent("public/media/\(media[0])")) == bytes)
        #expect(try site.read("public/sessions/whatsapp-family-2021-12-31.html").contains("src=\"../media/\(media[0])\""))
    }

    @Test func fingerprintsTellFieldsApart() {
        var ab = Fingerprint(), abc = Fingerprint(), same = Fingerprint()
        ab.add("ab"); ab.add("c")
        abc.add("a"); abc.add("bc")
        same.add("ab"); same.add("c")
        #expect(ab != abc)
        #expect(ab == same)
        #expect(ab.description.count >= 20)
    }
}
