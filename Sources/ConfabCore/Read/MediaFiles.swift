import Foundation
import ZIPFoundation

/// The site's copy of a file an export holds: named by the SHA-256 of its bytes, so a file
/// attached under two names, or twice, is one copy, and by the extension its bytes earn
/// (`MediaKind`), never the one its name says.
public struct MediaCopy: Hashable, Sendable {
    /// `media/<20 hex digits of the hash>.<ext>`.
    public var target: String
    var kind: MediaKind

    /// A raster image, shown on the page; anything else is offered as a download.
    public var isImage: Bool {
        if case .image = kind { return true }
        return false
    }
}

/// The files the site copies from the exports that hold them: the read stage's second,
/// late piece of input. Found first by their sizes alone (a file over `media: max_file` is
/// never opened), then read a batch at a time twice: once before the plan, to name each copy
/// by its bytes' hash, keeping only the names; and again while the site is written. So an
/// export's gigabytes of photos are never in memory at once; a site whose copies are small
/// in all keeps them from the first read.
enum MediaFiles {
    /// Bytes read at a time.
    static let batchBytes = 64 << 20
    /// Copies up to this many bytes in all are kept from the first read to the write.
    static let heldBytes = 32 << 20
    /// Files left out that a warning names one by one; the rest are counted in one more.
    static let namedInWarnings = 10

    /// Where a file is: a file under `content/`, or an entry of a zip there.
    struct Located: Sendable {
        enum Place: Sendable {
            case file(URL)
            case zip(URL, entry: String)
        }
        var place: Place
        /// As the attachment names it: `content/export.zip/photos/a.jpg`.
        var path: String
        /// As the file system or the zip's directory says, before reading.
        var size: Int
    }

    /// A copy to write: where its bytes are, how many it has, and the bytes when held.
    struct Planned: Sendable {
        var target: String
        var source: Located
        var size: Int
        var bytes: Data?
    }

    struct Prepared: Sendable {
        /// By attachment path: the copies pages show or offer.
        var copies: [String: MediaCopy] = [:]
        /// Each copy once, by target.
        var files: [Planned] = []
        var diagnostics: [Diagnostic] = []
        /// What the next build may take without reading: `Known`'s entries for these copies.
        var known = Known()
    }

    /// The copies of files named by earlier builds, by each file's path and version (its
    /// size and time, or a zip entry's checksum: `Source.mediaVersions`): a rebuild reads
    /// again only the files that changed, and those the published site lacks.
    struct Known: Sendable, Equatable, CacheCodable {
        /// `path\u{0}version` → `target size`.
        var entries: [String: String] = [:]

        static func key(_ path: String, _ version: String) -> String { path + "\u{0}" + version }

        func copy(_ path: String, version: String?) -> (copy: MediaCopy, size: Int)? {
            guard let version, let entry = entries[Self.key(path, version)], let space = entry.lastIndex(of: " "),
                  let size = Int(entry[entry.index(after: space)...]) else { return nil }
            let target = String(entry[..<space])
            return (MediaCopy(target: target, kind: MediaKind(fileExtension: (target as NSString).pathExtension)), size)
        }

        func encode(to writer: inout CacheWriter) { writer.write(entries) }
        init(from reader: inout CacheReader) throws { entries = try reader.read() }
        init() {}

        /// `<output>.media` in the cache folder; another tool's entries are no entries (it may strip otherwise).
        static func load(output: URL, tool: String) -> Known {
            CacheFolder.load(Known.self, from: BuildCache.cacheURL(for: output, suffix: ".media"), format: "confab media 1 \(tool)") ?? Known()
        }

        func save(output: URL, tool: String) {
            CacheFolder.store(self, at: BuildCache.cacheURL(for: output, suffix: ".media"), format: "confab media 1 \(tool)")
        }
    }

    /// Each media file's version, by its path as attachments name it (`content/x.zip/photos/a.jpg`).
    static func versions(_ sources: [Source]) -> [String: String] {
        var versions: [String: String] = [:]
        for source in sources {
            // `<path inside the source> <size> <time or checksum>`: the path may hold spaces, the rest not.
            for line in source.mediaVersions {
                guard let last = line.lastIndex(of: " "), let space = line[..<last].lastIndex(of: " ") else { continue }
                versions[source.path + "/" + line[..<space]] = String(line[line.index(after: space)...])
            }
        }
        return versions
    }

    /// The copies of the files at `paths` (attachment paths, in any order), within `limits`.
    /// A file whose path and version `known` holds is not read again.
    static func prepare(_ paths: [String], site: URL, limits: MediaLimits,
                        versions: [String: String] = [:], known: Known = Known()) -> Prepared {
        var prepared = Prepared()
        var zips = Zips()
        let (found, missing) = locate(Set(paths).sorted(), site: site, zips: &zips)
        for path in missing {
            prepared.diagnostics.append(.warning(SourceLocation(file: path), "file not found in the export; only its name is shown"))
        }
        var overFile: [Located] = [], overTotal: [Located] = [], damaged: [String] = [], unreadable: [String] = []
        var total = 0, index = 0
        var byTarget: [String: Int] = [:], held = 0, copiedSizes = Set<Int>()
        while index < found.count {
            // A batch of files that fit the caps by their sizes; each read at most to the cap.
            var batch: [(Located, [UInt8]?, (copy: MediaCopy, size: Int)?)] = [], batchSize = 0
            while index < found.count, batch.isEmpty || batchSize + found[index].size <= batchBytes {
                let file = found[index]
                index += 1
                if file.size > limits.maxFile { overFile.append(file); continue }
                // Past the total cap a file is read only when it may be a copy made already (same size).
                if total + file.size > limits.maxTotal, !copiedSizes.contains(file.size) { overTotal.append(file); continue }
                if let named = known.copy(file.path, version: versions[file.path]) {
                    batch.append((file, nil, named))
                    continue
                }
                guard let bytes = zips.read(file, limit: limits.maxFile) else {
                    // Grown past the cap since it was found, or not readable at all.
                    if file.size < limits.maxFile { unreadable.append(file.path) } else { overFile.append(file) }
                    continue
                }
                batch.append((file, bytes, nil))
                batchSize += bytes.count
            }
            let made = Parallel.map(batch.map(\.1)) { bytes in bytes.flatMap { copy(of: $0) } }
            for ((file, _, named), made) in zip(batch, made) {
                guard let copy = named?.copy ?? made?.0, let size = named?.size ?? made?.1.count else { damaged.append(file.path); continue }
                if byTarget[copy.target] == nil {
                    guard total + size <= limits.maxTotal else { overTotal.append(file); continue }
                    total += size
                    copiedSizes.insert(file.size)
                    byTarget[copy.target] = prepared.files.count
                    let keep = made != nil && held + size <= heldBytes
                    if keep { held += size }
                    prepared.files.append(Planned(target: copy.target, source: file, size: size, bytes: keep ? made.map { Data($0.1) } : nil))
                }
                prepared.copies[file.path] = copy
                if let version = versions[file.path] { prepared.known.entries[Known.key(file.path, version)] = "\(copy.target) \(size)" }
            }
        }
        for path in unreadable {
            prepared.diagnostics.append(.warning(SourceLocation(file: path), "cannot be read; not copied, only its name is shown"))
        }
        for path in damaged {
            prepared.diagnostics.append(.warning(SourceLocation(file: path),
                                                 "an image whose structure cannot be read (damaged, or not what its first bytes say); not copied, only its name is shown"))
        }
        prepared.diagnostics += leftOut(overFile, "larger than \(Wording.bytes(limits.maxFile)) (media: max_file)")
        prepared.diagnostics += leftOut(overTotal, "past the \(Wording.bytes(limits.maxTotal)) the site's copies may take (media: max_total)")
        prepared.files.sort { $0.target < $1.target }
        return prepared
    }

    /// A warning for each of the first files, and one counting the rest.
    static func leftOut(_ files: [Located], _ reason: String) -> [Diagnostic] {
        var diagnostics = files.prefix(namedInWarnings).map {
            Diagnostic.warning(SourceLocation(file: $0.path), "\(Wording.bytes($0.size)), \(reason): left out of the site, only its name is shown")
        }
        if files.count > namedInWarnings {
            diagnostics.append(.warning(SourceLocation(file: files[namedInWarnings].path),
                                        "and \(Wording.plural(files.count - namedInWarnings, "more file")) \(reason) left out of the site"))
        }
        return diagnostics
    }

    /// The site's copy of a file's bytes and its name, or nil for an image that cannot be
    /// walked (its metadata cannot be told from its picture).
    static func copy(of bytes: [UInt8]) -> (MediaCopy, [UInt8])? {
        let kind = MediaKind.of(bytes)
        var copied = bytes
        if case .image(let format) = kind {
            guard let stripped = ImageMetadata.stripped(bytes, format: format) else { return nil }
            copied = stripped
        }
        let hash = SHA256.hex(SHA256.hash(copied).prefix(10))
        return (MediaCopy(target: "media/\(hash).\(kind.fileExtension)", kind: kind), copied)
    }

    /// The files at `paths` (sorted user paths) that are under `content/`, by their sizes;
    /// the paths not found. A path inside a zip (`content/x.zip/photos/a.jpg`) is found in
    /// the zip. A path with `..`, `.`, a backslash or a NUL, or one that leads outside
    /// `content/` through a link, is never looked up.
    static func locate(_ paths: [String], site: URL, zips: inout Zips) -> (found: [Located], missing: [String]) {
        var found: [Located] = [], missing: [String] = []
        let content = site.appendingPathComponent("content").standardizedFileURL.resolvingSymlinksInPath().path + "/"
        for source in paths {
            let parts = source.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.first == "content", parts.count > 1, !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }),
                  !source.contains("\\"), !source.contains("\0") else {
                missing.append(source)
                continue
            }
            var located: Located?
            var inZip = false
            // The longest leading part that is a zip holds the rest; otherwise the path is a file.
            for split in stride(from: parts.count - 1, through: 2, by: -1) where parts[split - 1].lowercased().hasSuffix(".zip") {
                let url = site.appendingPathComponent(parts[..<split].joined(separator: "/"))
                guard url.resolvingSymlinksInPath().path.hasPrefix(content) else { break }
                inZip = true
                if let entry = zips.entry(url, parts[split...].joined(separator: "/")) {
                    located = Located(place: .zip(url, entry: entry.path), path: source, size: Int(min(entry.size, UInt64(Int.max))))
                }
                break
            }
            if located == nil, !inZip {
                let url = site.appendingPathComponent(source)
                var info = stat()
                if url.resolvingSymlinksInPath().path.hasPrefix(content), stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                    located = Located(place: .file(url), path: source, size: Int(info.st_size))
                }
            }
            if let located { found.append(located) } else { missing.append(source) }
        }
        return (found, missing)
    }

    /// The zips media come from, each opened and listed once.
    struct Zips {
        private var archives: [URL: ZIPFoundation.Archive] = [:]
        /// Each zip's entries by their safe name (as the read stage listed them).
        private var entries: [URL: [String: (path: String, size: UInt64)]] = [:]

        mutating func archive(_ url: URL) -> ZIPFoundation.Archive? {
            if let archive = archives[url] { return archive }
            let archive: ZIPFoundation.Archive
            do { archive = try ZIPFoundation.Archive(url: url, accessMode: .read) } catch { return nil }
            archives[url] = archive
            return archive
        }

        mutating func entry(_ url: URL, _ name: String) -> (path: String, size: UInt64)? {
            if entries[url] == nil {
                var listed: [String: (path: String, size: UInt64)] = [:]
                for entry in archive(url).map(Array.init) ?? [] where entry.type == .file {
                    if let safe = SourceFinder.safeEntryName(entry.path) { listed[safe] = (entry.path, entry.uncompressedSize) }
                }
                entries[url] = listed
            }
            return entries[url]?[name]
        }

        /// A file's bytes, or nil when it cannot be read or holds more than `limit` bytes
        /// (read no further than that: a zip entry's header may lie about its size).
        mutating func read(_ file: Located, limit: Int) -> [UInt8]? {
            switch file.place {
            case .file(let url):
                guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
                defer { try? handle.close() }
                let data: Data?
                do { data = try handle.read(upToCount: limit + 1) } catch { return nil }
                guard (data?.count ?? 0) <= limit else { return nil }
                return data.map { [UInt8]($0) } ?? []
            case .zip(let url, let name):
                guard let archive = archive(url), let entry = archive[name] else { return nil }
                var bytes: [UInt8] = []
                do {
                    _ = try archive.extract(entry, skipCRC32: false) { chunk in
                        guard bytes.count + chunk.count <= limit else { throw CancellationError() }
                        bytes += chunk
                    }
                } catch { return nil }
                return bytes
            }
        }
    }

    /// The copies to write: those the published site has already (same name, same size:
    /// the name is the hash of the bytes) are kept from it; the rest are read again.
    static func published(_ files: [Planned], output: URL, force: Bool) -> (kept: [String], new: [Planned]) {
        guard !force else { return ([], files) }
        var kept: [String] = [], new: [Planned] = []
        for file in files {
            if SiteWriter.isRegularFile(output.appendingPathComponent(file.target).path, size: file.size) {
                kept.append(file.target)
            } else {
                new.append(file)
            }
        }
        return (kept, new)
    }

    /// The copies in batches of about `batchBytes` to read, in order.
    static func batches(_ files: [Planned]) -> [[Planned]] {
        var batches: [[Planned]] = [], current: [Planned] = [], size = 0
        for file in files {
            if !current.isEmpty, size + file.size > batchBytes {
                batches.append(current)
                (current, size) = ([], 0)
            }
            current.append(file)
            size += file.bytes == nil ? file.size : 0
        }
        return current.isEmpty ? batches : batches + [current]
    }

    /// A batch's copies, each read to at most `limit` bytes; one whose file changed since it
    /// was named (its copy would have another name than the pages show) is left out.
    static func read(_ batch: [Planned], limit: Int) -> [OutputFile] {
        var zips = Zips()
        let read: [(Planned, [UInt8]?)] = batch.map { file in
            file.bytes == nil ? (file, zips.read(file.source, limit: limit)) : (file, nil)
        }
        return Parallel.map(read) { file, bytes -> OutputFile? in
            if let held = file.bytes { return OutputFile(path: file.target, bytes: held) }
            guard let bytes, let (copy, copied) = copy(of: bytes), copy.target == file.target else { return nil }
            return OutputFile(path: file.target, bytes: Data(copied))
        }.compactMap { $0 }
    }
}
