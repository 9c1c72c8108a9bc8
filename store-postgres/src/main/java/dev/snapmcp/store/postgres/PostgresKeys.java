package dev.snapmcp.store.postgres;

import dev.snapmcp.core.SharedKeys;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** {@link SharedKeys} in the {@code http_keys} table of migration V2: the hashes {@code http-keys.json} would keep. */
final class PostgresKeys implements SharedKeys {

  private final Database db;
  private final Transactions transactions;

  PostgresKeys(Database db, Transactions transactions) {
    this.db = db;
    this.transactions = transactions;
  }

  @Override
  public List<StoredKey> keys() {
    return transactions.read("read the HTTP keys", c -> {
      List<StoredKey> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id, name, hash, created_at FROM http_keys ORDER BY seq");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
        }
      }
      return out;
    });
  }

  @Override
  public void add(StoredKey key) {
    transactions.run("add HTTP key " + key.id(), tx -> {
      try (PreparedStatement s = tx.connection().prepareStatement(
          "INSERT INTO http_keys (id, name, hash, created_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, key.id());
        s.setString(2, key.name());
        s.setString(3, key.hash());
        s.setTimestamp(4, Timestamp.from(key.createdAt()));
        s.executeUpdate();
      }
      tx.wrote(List.of());
      return null;
    });
  }

  @Override
  public boolean remove(String id) {
    return transactions.run("revoke HTTP key " + id, tx -> {
      try (PreparedStatement s = tx.connection().prepareStatement("DELETE FROM http_keys WHERE id = ?")) {
        s.setString(1, id);
        boolean removed = s.executeUpdate() == 1;
        tx.wrote(List.of());
        return removed;
      }
    });
  }

  @Override
  public String location() {
    return "the table http_keys of the PostgreSQL store " + db.url();
  }
}
