import Foundation

/// Where a build may write. Checked before anything is read, so a typo in
/// `--output` can never replace the site's own sources or a home folder.
public enum OutputLocation {
    public static func check(_ output: URL, site: URL,
                             home: String? = ProcessInfo.processInfo.environment["HOME"]) throws {
        let out = resolved(output)
        let siteRoot = resolved(site)
        var exact: [(URL, String)] = [(URL(fileURLWithPath: "/"), "the root folder"), (siteRoot, "the site folder")]
        if let home, !home.isEmpty { exact.append((resolved(URL(fileURLWithPath: home)), "the home folder")) }
        // Writing inside the sources would feed the output back into the next build.
        let sources = [(siteRoot.appendingPathComponent("content"), "the content folder"),
                       (siteRoot.appendingPathComponent("templates"), "the templates folder")]
        for (place, name) in exact + sources where out.path == place.path {
            throw ConfabError("--output \(output.path) is \(name); choose a folder of its own, such as public/")
        }
        for (place, name) in sources where out.path.hasPrefix(place.path + "/") {
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
