import Foundation

/// Where a build may write. Checked before anything is read, so a typo in
/// `--output` can never replace the site's own sources or a home folder.
public enum OutputLocation {
    public static func check(_ output: URL, site: URL) throws {
        let out = resolved(output)
        let siteRoot = resolved(site)
        var forbidden: [(URL, String)] = [
            (URL(fileURLWithPath: "/"), "the root folder"),
            (siteRoot, "the site folder"),
            (siteRoot.appendingPathComponent("content"), "the content folder"),
            (siteRoot.appendingPathComponent("templates"), "the templates folder"),
        ]
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            forbidden.append((resolved(URL(fileURLWithPath: home)), "the home folder"))
        }
        for (place, name) in forbidden where out.path == place.path {
            throw ConfabError("--output \(output.path) is \(name); choose a folder of its own, such as public/")
        }
        // Writing inside the sources would feed the output back into the next build.
        for (place, name) in forbidden.dropFirst(2) where out.path.hasPrefix(place.path + "/") {
            throw ConfabError("--output \(output.path) is inside \(name); choose a folder outside it")
        }
        if siteRoot.path.hasPrefix(out.path + "/") {
            throw ConfabError("--output \(output.path) contains the site folder; choose a folder of its own")
        }
    }

    static func resolved(_ url: URL) -> URL {
        url.standardizedFileURL.resolvingSymlinksInPath()
    }
}
