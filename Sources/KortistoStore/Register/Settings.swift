extension Register {
    /// A stored setting, or nil.
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read { try db.first("SELECT value FROM setting WHERE key = ?", [key]) { $0.text(0) } }
    }

    public func setSetting(_ key: String, _ value: String?) throws(StoreError) {
        _ = try write {
            if let value {
                try db.run("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
            } else {
                try db.run("DELETE FROM setting WHERE key = ?", key)
            }
        }
    }

    /// Demo registers are marked, so `demo --reset` never deletes a real one.
    public func isDemo() throws(StoreError) -> Bool { try setting("demo") == "1" }
    public func markAsDemo() throws(StoreError) { try setSetting("demo", "1") }
}
