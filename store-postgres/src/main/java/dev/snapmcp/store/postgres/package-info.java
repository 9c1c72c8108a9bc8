/**
 * The session store on a PostgreSQL server, for when one machine is not enough: several snap-mcp processes on several
 * machines share its sessions. docs/store-format.md ("The PostgreSQL store") describes the tables, the transactions
 * and the notification channel precisely enough for another implementation.
 *
 * <p>The public face is one class, {@link dev.snapmcp.store.postgres.PostgresStoreProvider}: core's {@code
 * SessionStores.open(url, stateDir, clock)} finds it through {@link java.util.ServiceLoader} for a {@code
 * postgresql://…} (or {@code jdbc:postgresql://…}) URL, so core itself depends on no database driver.
 *
 * <p>Package-private: {@code PostgresSessionStore} (each call of the store as one transaction over core's {@code
 * PartialDocument}, the code the file store runs too), {@code SessionRows} (the SQL of the two tables), {@code
 * Transactions} (READ COMMITTED with row locks; running a transaction again through lost connections and server
 * restarts, and learning what became of a commit whose answer was lost), {@code SessionNotifications} (the LISTEN
 * connection {@code await} wakes on), {@code Database} (the HikariCP pool and the Flyway migrations in {@code
 * dev/snapmcp/store/postgres/migration}) and {@code PostgresUrl} (reading the URL; the password never leaves it).
 *
 * <p>For bridge nodes sharing the store (docs/cluster.md): {@code PostgresCluster} (core's {@code Cluster} on the
 * tables of migration V2: the node directory, the tabs' holders and the commands carried between nodes, with {@code
 * ClusterRows}, the statements its transactions share), {@code
 * ClusterNotifications} (a node's LISTEN connection on the cluster's channel) and {@code PostgresKeys} (the keys of
 * {@code serve --http}, shared).
 */
package dev.snapmcp.store.postgres;
