package dev.snapmcp.mcp.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Who listens on a loopback port: free, or the process holding it (found through /proc on Linux). */
final class PortHolders {

  private PortHolders() {}

  /** Whether 127.0.0.1:{@code port} can be bound right now. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The process listening on {@code port}, as "pid N (command)", when the OS lets us see it. */
  static Optional<String> holder(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length < 10 || !fields[1].contains(":")) {
            continue;
          }
          String localPort = fields[1].substring(fields[1].lastIndexOf(':') + 1);
          if (localPort.equalsIgnoreCase(String.format(Locale.ROOT, "%04X", port)) && "0A".equals(fields[3])) {
            inodes.add(fields[9]);
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or not readable: fall through to "unknown"
      }
    }
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> holdsSocket(p, inodes))
          .findFirst()
          .map(p -> "pid " + p.getFileName() + " (" + command(p) + ")");
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean holdsSocket(Path process, Set<String> inodes) {
    try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
      return fds.anyMatch(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
        } catch (IOException | RuntimeException e) {
          return false;
        }
      });
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String command(Path process) {
    try {
      String cmdline = Files.readString(process.resolve("cmdline")).replace('\0', ' ').trim();
      return cmdline.length() > 80 ? cmdline.substring(0, 77) + "..." : cmdline;
    } catch (IOException e) {
      return "unknown command";
    }
  }
}
