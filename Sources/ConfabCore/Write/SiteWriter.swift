import CSystem
import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// The write stage. The new site is written into a staging folder beside the
/// output and swapped in only when every file is written, in one atomic exchange
/// where the system has one, so a failed or killed build leaves the previous site
/// as it was. A file whose bytes did not change is the previous file itself (a hard
/// link), so it keeps its modification time and hosts and rsync see it unchanged.
public enum SiteWriter {
    /// Marks a folder as Confab's output, which a build may replace. A folder
    /// without it is never deleted: `--output ~/Documents` must not lose files.
    public static let marker = ".confab-output"

    static let markerText = Data("Written by Confab; the next build replaces this folder.\n".utf8)

    /// What a write did, for the build's summary.
    public struct Report: Equatable, Sendable {
        public var written = 0
        public var unchanged = 0
    }

    /// Writes `files` as the whole new site in one go.
    @discardableResult
    public static func write(_ files: [OutputFile], to output: URL) throws -> Report {
        let site = try StagedSite(output: output)
        try site.add(files)
        return try site.publish()
    }

    /// Plain create-and-write. Foundation's `Data.write` syncs every file to disk, which
    /// made writing most of a build's time; the staging folder already keeps a killed
    /// build from touching the published site.
    static func writeFile(_ bytes: Data, to path: String) throws {
        try bytes.withUnsafeBytes { try writeFile($0, to: path) }
    }

    static func writeFile(_ buffer: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)   // less the umask
        guard descriptor >= 0 else { throw ConfabError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try writeAll(buffer, to: descriptor, path: path)
    }

    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let count = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ConfabError("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += count
        }
    }

    /// Whether `path` is a regular file of `size` bytes. lstat: a symlink someone put in
    /// the output is replaced, never carried over.
    static func isRegularFile(_ path: String, size: Int) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) == size
    }

    /// `read(2)` of up to `count` bytes, again when a signal interrupts it: the bytes read,
    /// 0 at the end of the file, negative on an error.
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        while true {
            let read = Foundation.read(descriptor, buffer, count)
            if read < 0 && errno == EINTR { continue }
            return read
        }
    }

    /// Whether the regular file `old` holds exactly what `new` (of `size` bytes) does, read a megabyte at a time.
    static func sameContents(_ old: String, _ new: String, size: Int) -> Bool {
        guard isRegularFile(old, size: size),
              let a = FileHandle(forReadingAtPath: old), let b = FileHandle(forReadingAtPath: new) else { return false }
        defer { try? a.close(); try? b.close() }
        while true {
            let left = (try? a.read(upToCount: 1 << 20)) ?? nil, right = (try? b.read(upToCount: 1 << 20)) ?? nil
            guard left == right else { return false }
            if left == nil || left!.isEmpty { return true }
        }
    }

    /// Links the previous output's file (`old`) to `new` when its bytes are the same;
    /// false when there is none, it differs, or the file system cannot link.
    static func keepUnchanged(_ bytes: Data, at new: String, previous old: String) -> Bool {
        bytes.withUnsafeBytes { holds(old, $0) } && link(old, new) == 0
    }

    /// Whether the regular file at `path` holds exactly `bytes`. Plain reads: this runs
    /// for every file a rebuild makes again, most of them unchanged.
    static func holds(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isRegularFile(path, size: bytes.count) else { return false }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(bytes.count, 1), 1 << 20), alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let count = readSome(descriptor, into: buffer.baseAddress!, count: min(buffer.count, bytes.count - offset))
            guard count > 0, memcmp(buffer.baseAddress!, bytes.baseAddress! + offset, count) == 0 else { return false }
            offset += count
        }
        return true
    }

    /// Puts the staging folder in the output's place. With an atomic exchange there is
    /// no moment without a complete site; without one (other file systems), two renames.
    static func swapIn(_ staging: URL, as output: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        if confab_exchange_paths(staging.path, output.path) == 0 {
            try? fileManager.removeItem(at: staging)   // now the previous site
            return
        }
        let old = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).confab-old-\(getpid())")
        try? fileManager.removeItem(at: old)
        do {
            try fileManager.moveItem(at: output, to: old)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw ConfabError("cannot replace \(output.path) (a mount point cannot be; write to a folder inside it): \(error.localizedDescription)")
        }
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            // Put the previous site back rather than leave none.
            try? fileManager.moveItem(at: old, to: output)
            try? fileManager.removeItem(at: staging)
            throw ConfabError("cannot move the new site into \(output.path): \(error.localizedDescription)")
        }
        try? fileManager.removeItem(at: old)
    }

    /// Cleans up after builds that were killed (this build holds the lock, so none is
    /// running): staging folders go; a previous site renamed away by the two-rename
    /// swap, with no output in its place, is put back first.
    static func removeAbandoned(beside output: URL) {
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let names = ((try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        let old = ".\(output.lastPathComponent).confab-old-", new = ".\(output.lastPathComponent).confab-new-"
        if !fileManager.fileExists(atPath: output.path), let previous = names.first(where: { $0.hasPrefix(old) }) {
            try? fileManager.moveItem(at: parent.appendingPathComponent(previous), to: output)
        }
        for name in names where (name.hasPrefix(old) || name.hasPrefix(new)) && Int32(name.split(separator: "-").last ?? "") != nil {
            try? fileManager.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// An existing output folder may be replaced only when it is empty or Confab wrote it.
    static func checkReplaceable(_ output: URL) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ConfabError("output \(output.path) is a file, not a folder")
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
        guard entries.isEmpty || entries.contains(marker) else {
            throw ConfabError("refusing to replace \(output.path): Confab did not write it (no \(marker) file); remove it or choose another --output")
        }
    }

    /// A path that could leave the output folder is a bug upstream, never written.
    static func checkSafe(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\\") })
        else { throw ConfabError("unsafe output path '\(path)'") }
    }
}

/// A new site being written: files go into a staging folder beside the output as
/// they are rendered, so a build never holds the whole site in memory, and `publish`
/// swaps the folder in. A staged site dropped without `publish` (an error, a throw
/// on the way) is removed; the published site is untouched until then.
public final class StagedSite {
    public let output: URL
    private let staging: URL
    private let outputPath: String, stagingPath: String
    private let lock: Int32
    private var folders = Set<String>()
    private var report = SiteWriter.Report()
    private var published = false
    /// The file `begin` opened for `append`.
    private var streaming: (path: String, file: String, descriptor: Int32, size: Int)?

    /// Checks the output may be replaced, waits for any other build writing beside it,
    /// cleans up after killed builds and creates the staging folder.
    public init(output: URL) throws {
        let fileManager = FileManager.default
        // A symlinked output (`public -> /srv/www`) is updated where it points.
        self.output = output.standardizedFileURL.resolvingSymlinksInPath()
        let parent = self.output.deletingLastPathComponent()
        try SiteWriter.checkReplaceable(self.output)
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ConfabError("cannot create \(parent.path): \(error.localizedDescription)")
        }
        // One build at a time writes beside an output (another waits); the lock ends with
        // the process, so a killed build never leaves it held.
        lock = open(parent.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 { _ = flock(lock, LOCK_EX) }
        SiteWriter.removeAbandoned(beside: self.output)
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).confab-new-\(getpid())")
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw ConfabError("cannot write the site: \(error.localizedDescription)")
        }
        outputPath = self.output.path
        stagingPath = staging.path
    }

    deinit {
        if let streaming { close(streaming.descriptor) }
        if !published { try? FileManager.default.removeItem(at: staging) }
        if lock >= 0 { close(lock) }
    }

    /// Writes files into the staging folder; one whose bytes the published site already
    /// has is a hard link to it.
    public func add(_ files: [OutputFile]) throws {
        do {
            for file in files {
                let path = try place(file.path)
                if SiteWriter.keepUnchanged(file.bytes, at: path, previous: outputPath + "/" + file.path) {
                    report.unchanged += 1
                } else {
                    try SiteWriter.writeFile(file.bytes, to: path)
                    report.written += 1
                }
            }
        } catch {
            throw (error as? ConfabError) ?? ConfabError("cannot write the site: \(error.localizedDescription)")
        }
    }

    /// Where a file of the site goes in the staging folder, its folder made on first use.
    /// Paths are strings here: a rebuild places every file of the site.
    private func place(_ path: String) throws -> String {
        try SiteWriter.checkSafe(path)
        if let slash = path.lastIndex(of: "/") {
            let folder = stagingPath + "/" + path[..<slash]
            if folders.insert(folder).inserted {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
        return stagingPath + "/" + path
    }

    /// Takes files from the published site as they are (a hard link, or a copy where
    /// links fail): pages the build cache found unchanged.
    public func keep(_ paths: [String]) throws {
        for path in paths {
            let new = try place(path)
            let old = outputPath + "/" + path
            if link(old, new) != 0 {
                do { try SiteWriter.writeFile(try Data(contentsOf: URL(fileURLWithPath: old)), to: new) } catch {
                    throw ConfabError("cannot keep \(path) from the last build: \(error.localizedDescription)")
                }
            }
            report.unchanged += 1
        }
    }

    /// Starts a file written in parts by `append`, finished by `end`.
    public func begin(_ path: String) throws {
        let file = try place(path)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw ConfabError("cannot write \(file): \(String(cString: strerror(errno)))") }
        streaming = (path, file, descriptor, 0)
    }

    public func append(_ parts: [[UInt8]]) throws {
        guard let file = streaming else { return }
        for part in parts {
            try part.withUnsafeBytes { try SiteWriter.writeAll($0, to: file.descriptor, path: file.file) }
            streaming?.size += part.count
        }
    }

    /// Closes the file; when the published site has the same bytes, its file is kept instead.
    public func end() throws {
        guard let file = streaming else { return }
        streaming = nil
        close(file.descriptor)
        let old = outputPath + "/" + file.path
        // The previous file is linked beside the new one and renamed over it: where links
        // fail (file systems without them), the new file stays.
        let kept = file.file + ".confab-kept"
        if SiteWriter.sameContents(old, file.file, size: file.size), link(old, kept) == 0 {
            if rename(kept, file.file) == 0 { report.unchanged += 1; return }
            unlink(kept)
        }
        report.written += 1
    }

    /// Marks the staging folder as Confab's and swaps it in as the output.
    public func publish() throws -> SiteWriter.Report {
        do {
            try SiteWriter.writeFile(SiteWriter.markerText, to: staging.appendingPathComponent(SiteWriter.marker).path)
        } catch {
            throw (error as? ConfabError) ?? ConfabError("cannot write the site: \(error.localizedDescription)")
        }
        published = true
        do {
            try SiteWriter.swapIn(staging, as: output)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return report
    }
}

/// Writes batches into a `StagedSite` on a thread of its own while the next batch
/// renders, at most two batches behind, so writing costs little wall time and memory
/// stays bounded.
public final class BackgroundWriter: @unchecked Sendable {
    // Unchecked: `site` and `failure` are touched only on `queue`, which runs one block at a time.
    private let site: StagedSite
    private let queue = DispatchQueue(label: "confab.write")
    private let slots = DispatchSemaphore(value: 2)
    private var failure: Error?

    public init(_ site: StagedSite) { self.site = site }

    /// Queues files to write; waits while two batches are queued already.
    public func add(_ files: [OutputFile]) { enqueue { try $0.add(files) } }

    /// Queues files to take from the published site as they are.
    public func keep(_ paths: [String]) { enqueue { try $0.keep(paths) } }

    /// Writes a streamed file's parts, made a batch at a time on every core.
    public func write(_ file: StreamedFile, batch: Int, making: (() -> [[UInt8]]) -> [[UInt8]] = { $0() }) {
        enqueue { try $0.begin(file.path) }
        for start in stride(from: 0, to: file.parts, by: batch) {
            let parts = making { Parallel.map(Array(start..<min(start + batch, file.parts)), file.part) }
            enqueue { try $0.append(parts) }
        }
        enqueue { try $0.end() }
    }

    private func enqueue(_ work: @escaping @Sendable (StagedSite) throws -> Void) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do { try work(site) } catch { failure = error }
        }
    }

    /// Waits for every queued batch, then publishes the site; the first write error, if any, instead.
    public func publish() throws -> SiteWriter.Report {
        try queue.sync {
            if let failure { throw failure }
            return try site.publish()
        }
    }
}
