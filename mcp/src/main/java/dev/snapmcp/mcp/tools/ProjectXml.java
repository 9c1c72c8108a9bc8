package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.protocol.Protocol;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Snap! project's XML read on the Java side, never trusting the page: whether it is a project at all (well-formed,
 * root {@code <project …>}) and whether anything in it runs JavaScript or loads code ({@link
 * Protocol#FORBIDDEN_BLOCKS} as a block, as a custom block's primitive, or named as a text; a {@code __module__}
 * variable), in any scene, sprite, script, custom block definition, customised primitive or variable value. Read with
 * StAX, no DTD and no external entities.
 */
final class ProjectXml {

  private static final XMLInputFactory FACTORY = factory();

  private ProjectXml() {}

  /** Something in a project that no tool loads: the selector (or variable), why, and where it sits. */
  record Finding(String selector, String why, String where) {}

  /** True when {@code xml} is well-formed and its root element is {@code <project>}. */
  static boolean isProject(String xml) {
    try {
      return "project".equals(scan(xml, false).root);
    } catch (XMLStreamException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Checks XML a tool is about to load: refuses (as a {@link ToolError}) what is not a project and a project holding a
   * forbidden block, saying where.
   */
  static void checkLoadable(String xml) {
    Scan scan;
    try {
      scan = scan(xml, true);
    } catch (XMLStreamException | RuntimeException e) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "That is not a Snap! project: the XML is not well-formed.", null);
    }
    if (!"project".equals(scan.root)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "That is not a Snap! project: the XML's root is not <project>.", null);
    }
    if (scan.finding != null) {
      throw ForbiddenCode.refusal(scan.finding, "The project was not loaded, nothing changed.");
    }
  }

  private static final class Scan {
    String root;
    Finding finding;
  }

  private static Scan scan(String xml, boolean look) throws XMLStreamException {
    Scan scan = new Scan();
    XMLStreamReader in = FACTORY.createXMLStreamReader(new StringReader(xml));
    Place place = new Place();
    try {
      while (in.hasNext()) {
        int event = in.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = in.getLocalName();
          if (scan.root == null) {
            scan.root = name;
            if (!look) {
              return scan;
            }
          }
          place.enter(name, in);
          if (scan.finding == null) {
            scan.finding = forbidden(name, in, place);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          place.leave();
        } else if (event == XMLStreamConstants.CHARACTERS && scan.finding == null && "l".equals(place.current())) {
          String text = in.getText().strip();
          Optional<Protocol.ForbiddenBlock> named = Protocol.forbiddenBlock(text)
              .filter(b -> b.selector().equalsIgnoreCase(text));
          if (named.isPresent()) {
            scan.finding = new Finding(named.get().selector(), named.get().why() + " (named as a text here)", place.where());
          }
        }
      }
    } finally {
      in.close();
    }
    return scan;
  }

  private static Finding forbidden(String element, XMLStreamReader in, Place place) {
    if (element.equals("block")) {
      Optional<Protocol.ForbiddenBlock> block = selector(in.getAttributeValue(null, "s"));
      if (block.isPresent()) {
        return new Finding(block.get().selector(), block.get().why(), place.where());
      }
    } else if (element.equals("block-definition")) {
      Optional<Protocol.ForbiddenBlock> block = selector(in.getAttributeValue(null, "primitive"));
      if (block.isPresent()) {
        return new Finding(block.get().selector(), block.get().why() + " (a custom block bound to it)", place.where());
      }
    } else if (element.equals("variable")) {
      String name = in.getAttributeValue(null, "name");
      if (name != null && name.startsWith(Protocol.MODULE_VARIABLE_PREFIX)) {
        return new Finding(Protocol.MODULE_VARIABLE_PREFIX, "a variable named " + Protocol.MODULE_VARIABLE_PREFIX
            + "… makes Snap! load the script at its address when the project opens", place.where());
      }
    }
    return null;
  }

  /** A selector in XML is exact, but Snap! would not care about case for some lookups: compare without it. */
  private static Optional<Protocol.ForbiddenBlock> selector(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String lower = value.strip().toLowerCase(Locale.ROOT);
    return Protocol.FORBIDDEN_BLOCKS.stream().filter(b -> b.selector().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
  }

  /** Where the reader is, in the terms a person uses: scene, sprite, script number, custom block, variable. */
  private static final class Place {
    private final Deque<String> elements = new ArrayDeque<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private int scenes;
    private String scene;

    /** What an element opened: the owner, script, definition or variable it names, and its scripts' count. */
    private record Frame(String element, String owner, int script, String definition, String variable, int[] count) {}

    String current() {
      return elements.peek();
    }

    void enter(String name, XMLStreamReader in) {
      String parent = elements.peek();
      elements.push(name);
      Frame outer = frames.peek();
      String owner = outer == null ? null : outer.owner;
      int script = outer == null ? 0 : outer.script;
      String definition = outer == null ? null : outer.definition;
      String variable = outer == null ? null : outer.variable;
      int[] count = outer == null ? new int[1] : outer.count;
      switch (name) {
        case "scene" -> {
          scenes++;
          scene = in.getAttributeValue(null, "name");
          owner = null;
        }
        case "stage", "sprite" -> {
          owner = in.getAttributeValue(null, "name");
          script = 0;
          count = new int[1];
        }
        case "scripts" -> count = new int[1];
        case "script" -> {
          if ("scripts".equals(parent) && script == 0) {
            script = ++count[0];
          }
        }
        case "block-definition" -> definition = in.getAttributeValue(null, "s");
        case "variable" -> variable = variable == null ? in.getAttributeValue(null, "name") : variable;
        default -> { }
      }
      frames.push(new Frame(name, owner, script, definition, variable, count));
    }

    void leave() {
      elements.poll();
      frames.poll();
    }

    String where() {
      Frame at = frames.peek();
      StringBuilder out = new StringBuilder();
      if (at != null && at.definition != null) {
        out.append("custom block \"").append(PageText.cap(at.definition)).append('"');
      } else if (at != null && at.script > 0) {
        out.append("script ").append(at.script).append(" (in the XML's order)");
      } else if (at != null && at.variable != null) {
        out.append("variable \"").append(PageText.cap(at.variable)).append('"');
      } else {
        out.append("the project");
      }
      if (at != null && at.owner != null) {
        out.append(" of \"").append(PageText.cap(at.owner)).append('"');
      } else if (at != null && at.definition != null || at != null && at.variable != null) {
        out.append(" (global)");
      }
      if (scenes > 1) {
        out.append(" in scene ").append(scenes).append(scene == null ? "" : " \"" + PageText.cap(scene) + "\"");
      }
      return out.toString();
    }
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }
}
