import Foundation
import ZIPFoundation

/// The images the site shows, copied from the exports that hold them: the read stage's
/// second, late piece of input, once the plan knows which files its pages show. Found
/// first (cheaply, so a missing one is a warning before anything is written), then read
/// a batch at a time while the site is written, so an export's gigabytes of photos are
/// never in memory at once.
enum MediaFiles {
    /// Larger images are left out, with a warning (the page shows the file's name).
    static let maximumBytes = 50 << 20
    /// Bytes read before they are handed to the writer.
    static let batchBytes = 64 << 20

    /// Where an image is: a file under `content/`, or an entry of a zip there.
    struct Located: Sendable {
        enum Place: Sendable {
            case file(URL)
            case zip(URL, entry: String)
        }
        var place: Place
        var target: String
        var size: Int
    }

    /// `media`: the site map's copies, by path in the content folder. A path inside a zip
    /// (`content/x.zip/photos/a.jpg`) is found in the zip.
    static func locate(_ media: [String: String], site: URL) -> (found: [Located], diagnostics: [Diagnostic]) {
        var found: [Located] = [], diagnostics: [Diagnostic] = []
        // Each zip's entries by their safe name (as the read stage listed them), read once.
        var zips: [String: [String: (path: String, size: UInt64)]] = [:]
        let content = site.appendingPathComponent("content").standardizedFileURL.resolvingSymlinksInPath().path + "/"
        for (source, target) in media.sorted(by: { $0.key < $1.key }) {
            let parts = source.split(separator: "/").map(String.init)
            guard parts.first == "content", parts.count > 1, !parts.contains(".."), !parts.contains(".") else { continue }
            var located: Located?
            // The longest leading part that is a zip holds the rest; otherwise the path is a file.
            for split in stride(from: parts.count - 1, through: 2, by: -1) where parts[split - 1].lowercased().hasSuffix(".zip") {
                let zipPath = parts[..<split].joined(separator: "/")
                let url = site.appendingPathComponent(zipPath)
                guard url.resolvingSymlinksInPath().path.hasPrefix(content) else { break }
                if zips[zipPath] == nil {
                    var entries: [String: (path: String, size: UInt64)] = [:]
                    for entry in (try? ZIPFoundation.Archive(url: url, accessMode: .read)).map(Array.init) ?? [] where entry.type == .file {
                        if let safe = SourceFinder.safeEntryName(entry.path) { entries[safe] = (entry.path, entry.uncompressedSize) }
                    }
                    zips[zipPath] = entries
                }
                if let entry = zips[zipPath]?[parts[split...].joined(separator: "/")], entry.size <= UInt64(maximumBytes) {
                    located = Located(place: .zip(url, entry: entry.path), target: target, size: Int(entry.size))
                }
                break
            }
            if located == nil {
                let url = site.appendingPathComponent(source)
                if url.resolvingSymlinksInPath().path.hasPrefix(content),
                   let size = (try? url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize, size <= maximumBytes {
                    located = Located(place: .file(url), target: target, size: size)
                }
            }
            if let located {
                found.append(located)
            } else {
                diagnostics.append(.warning(SourceLocation(file: source), "image not copied to the site (not found, or larger than \(maximumBytes >> 20) MB); its name is shown"))
            }
        }
        return (found, diagnostics)
    }

    /// The images in batches of about `batchBytes`, in order.
    static func batches(_ found: [Located]) -> [[Located]] {
        var batches: [[Located]] = [], current: [Located] = [], size = 0
        for file in found {
            if !current.isEmpty, size + file.size > batchBytes {
                batches.append(current)
                (current, size) = ([], 0)
            }
            current.append(file)
            size += file.size
        }
        return current.isEmpty ? batches : batches + [current]
    }

    /// The bytes of a batch; a file that cannot be read now (changed since it was found) is left out.
    static func read(_ batch: [Located]) -> [OutputFile] {
        var zips: [URL: ZIPFoundation.Archive] = [:]
        return batch.compactMap { file in
            switch file.place {
            case .file(let url):
                return (try? Data(contentsOf: url)).map { OutputFile(path: file.target, bytes: $0) }
            case .zip(let url, let name):
                if zips[url] == nil { zips[url] = try? ZIPFoundation.Archive(url: url, accessMode: .read) }
                guard let archive = zips[url], let entry = archive[name] else { return nil }
                var bytes = Data()
                _ = try? archive.extract(entry) { chunk in
                    bytes.append(chunk)
                    if bytes.count > maximumBytes { throw CancellationError() }
                }
                return bytes.count == file.size ? OutputFile(path: file.target, bytes: bytes) : nil
            }
        }
    }
}
