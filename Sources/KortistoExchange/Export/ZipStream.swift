/// A ZIP archive of stored (uncompressed) entries, written front to back: whole entries, and
/// one entry at a time streamed with its CRC and size in a data descriptor after it. Enough
/// for an Office Open XML package; no ZIP64 (an entry or archive past 4 GiB is refused).
struct ZipStream {
    private struct Entry {
        let name: [UInt8]
        let offset: UInt32
        var crc: UInt32
        var size: UInt32
        let streamed: Bool
    }

    private var entries: [Entry] = []
    private var offset: UInt64 = 0
    private var current: (index: Int, crc: CRC32, size: UInt64)?

    /// 1 January 1980, 00:00 in MS-DOS form: the same bytes for the same register.
    private static let time: UInt16 = 0, date: UInt16 = (0 << 9) | (1 << 5) | 1

    /// A whole entry: its local header and its bytes.
    mutating func entry(_ name: String, _ data: [UInt8]) -> [UInt8] {
        var crc = CRC32()
        crc.update(data)
        let entry = Entry(name: Array(name.utf8), offset: UInt32(truncatingIfNeeded: offset), crc: crc.value, size: UInt32(data.count), streamed: false)
        entries.append(entry)
        let out = localHeader(entry) + data
        offset += UInt64(out.count)
        return out
    }

    /// The local header of an entry whose bytes follow in `streamed` calls.
    mutating func beginStreamed(_ name: String) -> [UInt8] {
        let entry = Entry(name: Array(name.utf8), offset: UInt32(truncatingIfNeeded: offset), crc: 0, size: 0, streamed: true)
        entries.append(entry)
        current = (entries.count - 1, CRC32(), 0)
        let out = localHeader(entry)
        offset += UInt64(out.count)
        return out
    }

    mutating func streamed(_ bytes: [UInt8]) -> [UInt8] {
        current?.crc.update(bytes)
        current?.size += UInt64(bytes.count)
        offset += UInt64(bytes.count)
        return bytes
    }

    /// The data descriptor: the streamed entry's CRC and size.
    mutating func endStreamed() -> [UInt8] {
        guard let (index, crc, size) = current else { return [] }
        current = nil
        entries[index].crc = crc.value
        entries[index].size = UInt32(truncatingIfNeeded: size)
        var out: [UInt8] = []
        out.le32(0x0807_4B50)
        out.le32(crc.value)
        out.le32(entries[index].size)
        out.le32(entries[index].size)
        offset += UInt64(out.count)
        return out
    }

    /// The central directory and its end record.
    mutating func directory() -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out.le32(0x0201_4B50)
            out.le16(20)                                  // made by: MS-DOS, 2.0
            out.le16(20)                                  // needed: 2.0
            out.le16(flags(entry))
            out.le16(0)                                   // stored
            out.le16(Self.time)
            out.le16(Self.date)
            out.le32(entry.crc)
            out.le32(entry.size)
            out.le32(entry.size)
            out.le16(UInt16(entry.name.count))
            out.le16(0)                                   // extra
            out.le16(0)                                   // comment
            out.le16(0)                                   // disk
            out.le16(0)                                   // internal attributes
            out.le32(0)                                   // external attributes
            out.le32(entry.offset)
            out += entry.name
        }
        var end: [UInt8] = []
        end.le32(0x0605_4B50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(entries.count))
        end.le16(UInt16(entries.count))
        end.le32(UInt32(out.count))
        end.le32(UInt32(truncatingIfNeeded: offset))
        end.le16(0)
        offset += UInt64(out.count + end.count)
        return out + end
    }

    /// Whether everything fits the classic format's 32-bit sizes and offsets.
    var fitsWithoutZip64: Bool { offset < UInt64(UInt32.max) }

    private func flags(_ entry: Entry) -> UInt16 { 0x0800 | (entry.streamed ? 0x0008 : 0) }   // UTF-8 names; sizes after

    private func localHeader(_ entry: Entry) -> [UInt8] {
        var out: [UInt8] = []
        out.le32(0x0403_4B50)
        out.le16(20)
        out.le16(flags(entry))
        out.le16(0)
        out.le16(Self.time)
        out.le16(Self.date)
        out.le32(entry.streamed ? 0 : entry.crc)
        out.le32(entry.streamed ? 0 : entry.size)
        out.le32(entry.streamed ? 0 : entry.size)
        out.le16(UInt16(entry.name.count))
        out.le16(0)
        return out + entry.name
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses it), a table a byte at a time.
struct CRC32 {
    private(set) var value: UInt32 = 0
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    mutating func update(_ bytes: [UInt8]) {
        var c = ~value
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        }
        value = ~c
    }
}

extension Array where Element == UInt8 {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
}
