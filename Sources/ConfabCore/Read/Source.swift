import Foundation
import ZIPFoundation

/// One thing under `content/` that may hold chats: a file of any extension, a folder
/// that a format reader claims as a whole (an unzipped Slack export), or a zip, read in
/// memory. Its text files are read (decoded) here; its other files (photos, videos) are
/// only listed, so readers can say which attachments the export holds.
public struct Source: Sendable, Equatable {
    public enum Kind: String, Sendable { case file, folder, zip }

    /// As the user knows it: `content/x.txt`, `content/slack-export`, `content/slack.zip`.
    public var path: String
    public var kind: Kind
    /// Text files, by path: `content/slack.zip/general/2020-01-01.json`. A single file's
    /// own path for `.file`. Sorted by path.
    public var files: [SourceFile]
    /// Other files inside a folder or zip, by their path inside it.
    public var media: [String]
    /// What tells a new version of those files from the last build's (size and time, or a
    /// zip entry's checksum), one line each: the build cache rebuilds when an image changes.
    public var mediaVersions: [String] = []

    public init(path: String, kind: Kind = .file, files: [SourceFile], media: [String] = []) {
        self.path = path
        self.kind = kind
        self.files = files
        self.media = media
    }

    /// A single file's source.
    public init(_ file: SourceFile) { self.init(path: file.path, files: [file]) }

    /// `content/logs/a.txt` → `logs/a.txt`: a path as the settings write it (`files:`, `dates:`).
    public static func underContent(_ path: String) -> String {
        path.hasPrefix("content/") ? String(path.dropFirst("content/".count)) : path
    }

    /// A file by its path inside the source (`channels.json`, `general/2020-01-01.json`).
    public func file(_ name: String) -> SourceFile? { files.first { $0.path == path + "/" + name } }

    /// The path of `file` inside the source: `general/2020-01-01.json`.
    public func name(of file: SourceFile) -> String {
        file.path.hasPrefix(path + "/") ? String(file.path.dropFirst(path.count + 1)) : file.path
    }
}

/// How sources are found under `content/` and read into memory (the read stage's I/O).
enum SourceFinder {
    /// Extensions of files that are never chats: attachments of an export, a site's images.
    /// Under `content/` outside an export they are skipped without a word.
    static let mediaExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "webp", "heic", "bmp", "tif", "tiff", "svg", "ico",
        "mp4", "mov", "webm", "mkv", "avi", "m4v", "mp3", "m4a", "ogg", "oga", "opus", "wav", "flac", "aac",
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "tgs", "webm", "woff", "woff2", "ttf",
    ]
    /// Files inside a folder or zip that are read as text; the rest are listed as media.
    static let textExtensions: Set<String> = ["json", "jsonl", "ndjson", "txt", "log", "csv", "html", "htm", "md", "xml", ""]

    /// The most of one file under `content/` that is read: a build holds a source's text and
    /// what it says in memory at once (about 16 times the text for a log), so a log of years
    /// in one file is read up to here, with a warning, rather than exhausting the machine.
    static let largestLooseFile = 256 << 20

    /// Limits that keep a hostile zip from exhausting memory: a zip bomb becomes a diagnostic.
    struct ZipLimits {
        var entries = 200_000
        /// Text read from one entry.
        var entryBytes: UInt64 = 1 << 30
        /// Text read from all entries of one zip.
        var totalBytes: UInt64 = 4 << 30
        /// Uncompressed over compressed size, above which an entry of a megabyte or more is refused.
        var ratio: UInt64 = 500
    }

    /// The sources under `content` (already checked to be a folder), sorted by path.
    /// `skip`: relative paths of the site's own files (settings, about page).
    static func sources(in content: URL, skip: Set<String>, claimsFolder: ([String]) -> Bool,
                        diagnostics: inout [Diagnostic]) throws -> [Source] {
        var sources: [Source] = []
        try walk(content, relative: "", skip: skip, claimsFolder: claimsFolder, into: &sources, diagnostics: &diagnostics)
        return sources.sorted { $0.path < $1.path }
    }

    private static func walk(_ folder: URL, relative: String, skip: Set<String>, claimsFolder: ([String]) -> Bool,
                             into sources: inout [Source], diagnostics: inout [Diagnostic]) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            let url = folder.appendingPathComponent(name)
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let userPath = "content/\(path)"
            // Links are not followed: one to `.` would read the content folder forever.
            if (try? url.resourceValues(forKeys: [.isSymbolicLinkKey]))?.isSymbolicLink == true { continue }
            if SiteReader.isDirectory(url) {
                let inside = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                if claimsFolder(inside) {
                    sources.append(try folderSource(url, path: userPath, diagnostics: &diagnostics))
                } else {
                    try walk(url, relative: path, skip: skip, claimsFolder: claimsFolder, into: &sources, diagnostics: &diagnostics)
                }
                continue
            }
            guard !skip.contains(path), isRegularFile(url) else { continue }
            let ext = url.pathExtension.lowercased()
            if ext == "zip" {
                sources.append(zipSource(url, path: userPath, diagnostics: &diagnostics))
            } else if !mediaExtensions.contains(ext),
                      let file = try SiteReader.readText(url, path: userPath, limit: largestLooseFile, diagnostics: &diagnostics) {
                sources.append(Source(file))
            }
        }
    }

    /// Every file below `folder`: text files read, the rest (and text-named files holding
    /// NUL bytes, such as extensionless images) listed.
    static func folderSource(_ folder: URL, path: String, diagnostics: inout [Diagnostic]) throws -> Source {
        var files: [SourceFile] = [], media: [String] = [], versions: [String] = []
        for relative in exportFiles(in: folder, relative: "") {
            let url = folder.appendingPathComponent(relative)
            guard textExtensions.contains(url.pathExtension.lowercased()) else {
                media.append(relative)
                let values = try? url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
                versions.append("\(relative) \(values?.fileSize ?? 0) \(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)")
                continue
            }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                diagnostics.append(.warning(SourceLocation(file: "\(path)/\(relative)"), "cannot be read (\(error.localizedDescription)); skipped"))
                continue
            }
            if let file = text(data, path: "\(path)/\(relative)", diagnostics: &diagnostics) { files.append(file) } else { media.append(relative) }
        }
        var source = Source(path: path, kind: .folder, files: files, media: media)
        source.mediaVersions = versions
        return source
    }

    /// A file of an export as text, or nil for a binary one (an image without an extension).
    static func text(_ data: Data, path: String, diagnostics: inout [Diagnostic]) -> SourceFile? {
        guard TextDecoding.hasUTF16Mark(data) || data.withUnsafeBytes({ $0.firstIndex(of: 0) == nil }) else { return nil }
        let (text, found) = TextDecoding.decode(data, path: path)
        diagnostics += found
        return text.map { SourceFile(path: path, text: $0) }
    }

    /// What an operating system leaves in folders, never part of an export. Other names
    /// starting with a dot are kept: zulip-archive names topics `.…` when they start with a symbol.
    static func isSystemLitter(_ name: Substring) -> Bool {
        name == ".DS_Store" || name.hasPrefix("._") || name == "__MACOSX" || name == ".git" || name == "Thumbs.db"
    }

    /// Regular files below `folder`, by path relative to it, sorted; symbolic links are not followed.
    static func exportFiles(in folder: URL, relative: String) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var found: [String] = []
        for name in names where !isSystemLitter(name[...]) {
            let url = folder.appendingPathComponent(name)
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey])
            if values?.isSymbolicLink == true { continue }
            if values?.isDirectory == true {
                found += exportFiles(in: url, relative: path)
            } else if values?.isRegularFile == true {
                found.append(path)
            }
        }
        return found
    }

    /// A zip's entries, read in memory within `limits`; nothing is extracted to disk.
    static func zipSource(_ url: URL, path: String, limits: ZipLimits = ZipLimits(), diagnostics: inout [Diagnostic]) -> Source {
        var source = Source(path: path, kind: .zip, files: [], media: [])
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(url: url, accessMode: .read)
        } catch {
            diagnostics.append(.warning(SourceLocation(file: path), "not a readable zip file (\(error)); skipped"))
            return source
        }
        var total: UInt64 = 0, count = 0
        for entry in archive {
            count += 1
            guard count <= limits.entries else {
                diagnostics.append(.warning(SourceLocation(file: path), "more than \(limits.entries) entries; the rest are not read"))
                break
            }
            guard entry.type == .file else { continue }
            let name = entry.path
            let entryPath = "\(path)/\(name)"
            guard let safe = safeEntryName(name) else {
                diagnostics.append(.warning(SourceLocation(file: path), "entry '\(name)' has an unsafe name (absolute, or with '..'); skipped"))
                continue
            }
            if safe.split(separator: "/").contains(where: isSystemLitter) { continue }
            let ext = (safe as NSString).pathExtension.lowercased()
            guard textExtensions.contains(ext) else {
                source.media.append(safe)
                source.mediaVersions.append("\(safe) \(entry.uncompressedSize) \(entry.checksum)")
                continue
            }
            let declared = entry.uncompressedSize
            if declared >= 1 << 20, declared / max(entry.compressedSize, 1) > limits.ratio {
                diagnostics.append(.warning(SourceLocation(file: entryPath), "compressed \(declared / max(entry.compressedSize, 1)) to 1, a zip bomb's ratio; skipped"))
                continue
            }
            var data = Data()
            var refused: String?
            do {
                // The header's sizes may lie: the inflated bytes themselves are held to the ratio.
                let allowed = max(1 << 20, limits.ratio * max(entry.compressedSize, 1))
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    if UInt64(data.count) > allowed {
                        refused = "inflates more than \(limits.ratio) times its compressed size, a zip bomb's ratio"
                        throw CancellationError()
                    }
                    if UInt64(data.count) > limits.entryBytes || total + UInt64(data.count) > limits.totalBytes {
                        refused = "larger than Confab reads from one zip (\(limits.entryBytes >> 20) MiB an entry, \(limits.totalBytes >> 20) MiB in all)"
                        throw CancellationError()
                    }
                }
            } catch {
                diagnostics.append(.warning(SourceLocation(file: entryPath), refused.map { "\($0); skipped" } ?? "cannot be read from the zip (\(error)); skipped"))
                continue
            }
            total += UInt64(data.count)
            if let file = text(data, path: "\(path)/\(safe)", diagnostics: &diagnostics) { source.files.append(file) } else { source.media.append(safe) }
        }
        source.files.sort { $0.path < $1.path }
        source.media.sort()
        return source
    }

    /// The entry's name when it stays inside the zip: relative, no `..`, no backslashes or NULs.
    static func safeEntryName(_ name: String) -> String? {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains("\0") else { return nil }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." }), !(parts.first?.contains(":") ?? false) else { return nil }
        return parts.filter { $0 != "." }.joined(separator: "/")
    }

    static func isRegularFile(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
    }
}
