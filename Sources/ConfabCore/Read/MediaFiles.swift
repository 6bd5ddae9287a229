import Foundation
import ZIPFoundation

/// The images the site shows, copied from the exports that hold them: the read stage's
/// second, late piece of input, once the plan knows which files its pages show.
enum MediaFiles {
    /// Larger images are left out, with a warning (the page shows the file's name).
    static let maximumBytes = 50 << 20

    /// `media`: the site map's copies, by path in the content folder. A path inside a zip
    /// (`content/x.zip/photos/a.jpg`) is read from the zip, in memory.
    static func read(_ media: [String: String], site: URL) -> (files: [OutputFile], diagnostics: [Diagnostic]) {
        var files: [OutputFile] = [], diagnostics: [Diagnostic] = []
        var zips: [String: ZIPFoundation.Archive] = [:]
        let content = site.appendingPathComponent("content").standardizedFileURL.resolvingSymlinksInPath().path + "/"
        for (source, target) in media.sorted(by: { $0.key < $1.key }) {
            let parts = source.split(separator: "/").map(String.init)
            guard parts.first == "content", parts.count > 1, !parts.contains(".."), !parts.contains(".") else { continue }
            var data: Data?
            // The longest leading part that is a zip holds the rest; otherwise the path is a file.
            for split in stride(from: parts.count - 1, through: 2, by: -1) where parts[split - 1].lowercased().hasSuffix(".zip") {
                let zipPath = parts[..<split].joined(separator: "/")
                let url = site.appendingPathComponent(zipPath)
                guard url.resolvingSymlinksInPath().path.hasPrefix(content) else { break }
                if zips[zipPath] == nil { zips[zipPath] = try? ZIPFoundation.Archive(url: url, accessMode: .read) }
                guard let archive = zips[zipPath], let entry = archive[parts[split...].joined(separator: "/")],
                      entry.uncompressedSize <= UInt64(maximumBytes) else { break }
                var bytes = Data()
                _ = try? archive.extract(entry) { chunk in
                    bytes.append(chunk)
                    if bytes.count > maximumBytes { throw CancellationError() }
                }
                data = bytes.count == entry.uncompressedSize ? bytes : nil
                break
            }
            if data == nil {
                let url = site.appendingPathComponent(source)
                if url.resolvingSymlinksInPath().path.hasPrefix(content),
                   let size = (try? url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize, size <= maximumBytes {
                    data = try? Data(contentsOf: url)
                }
            }
            guard let data else {
                diagnostics.append(.warning(SourceLocation(file: source), "image not copied to the site (unreadable, or larger than \(maximumBytes >> 20) MB); its name is shown"))
                continue
            }
            files.append(OutputFile(path: target, bytes: data))
        }
        return (files, diagnostics)
    }
}
