package com.techmart.cuj.internal;

import com.techmart.cuj.EdgeSampler;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfigurationCustomizerProvider;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Journeys under declarative configuration ({@code otel.config.file}), where the SDK and the Java
 * agent (2.33) call no {@code AutoConfigurationCustomizerProvider}, so {@link
 * JourneyAutoConfiguration} never runs. Two components do its work instead, and this customizer adds
 * them to the configuration file's model, so the file needs no cuj lines:
 *
 * <ul>
 *   <li>span processor {@value #SPAN_PROCESSOR}: the journey span processor, first in
 *       {@code tracer_provider.processors};
 *   <li>propagator {@value #PROPAGATOR}: {@code baggage} behind the trust policy; it takes the place
 *       of {@code baggage} in {@code propagator.composite} / {@code composite_list}.
 * </ul>
 *
 * <p>The components ({@link JourneyComponents}) read their settings like the agent's other mode. Not
 * covered: an edge's {@code sampled=00} override ({@link EdgeSampler}), since a component cannot wrap
 * the sampler the file declares.
 *
 * <p>The model classes are internal to the SDK and renamed between releases (1.65's
 * {@code withAdditionalProperty} is the agent 2.33's {@code setExtensionProperty}), so the model is
 * edited by method name. When that fails, one SEVERE line says which lines to add to the file.
 */
public final class DeclarativeJourneyConfiguration implements DeclarativeConfigurationCustomizerProvider {

  static final String SPAN_PROCESSOR = JourneyComponents.SPAN_PROCESSOR;
  static final String PROPAGATOR = JourneyComponents.PROPAGATOR;
  /**
   * Set once the customizer has added the components, so the application's own copy of cuj-core
   * (another class loader under the agent) does not warn that the extension is inactive.
   */
  public static final String ACTIVE = "cuj.declarative-configuration.active";

  private static final Logger LOG = Logger.getLogger(DeclarativeJourneyConfiguration.class.getName());

  @Override
  public void customize(DeclarativeConfigurationCustomizer customizer) {
    customizer.addModelCustomizer(model -> {
      try {
        addComponents(model);
        System.setProperty(ACTIVE, "true");
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(Level.SEVERE, "cuj: could not add journeys to the declarative configuration (" + e
            + "): the cuj extension is NOT active; add '- " + SPAN_PROCESSOR + ": {}' first under"
            + " tracer_provider.processors and replace 'baggage' by '" + PROPAGATOR + "' under propagator.composite");
      }
      return model;
    });
  }

  @Override
  public int order() {
    return 0;
  }

  static void addComponents(Object model) throws ReflectiveOperationException {
    Object tracerProvider = get(model, "getTracerProvider");
    if (tracerProvider != null) {
      List<Object> processors = list(get(tracerProvider, "getProcessors"));
      if (processors.stream().noneMatch(p -> names(p, SPAN_PROCESSOR))) {
        Object processor = elementType(tracerProvider, "getProcessors").getConstructor().newInstance();
        setComponent(processor, SPAN_PROCESSOR);
        processors.add(0, processor);
        set(tracerProvider, "Processors", List.class, processors);
      }
    }
    Object propagator = get(model, "getPropagator");
    if (propagator != null) {
      Object composite = get(propagator, "getComposite");
      if (composite != null) {
        Class<?> type = elementType(propagator, "getComposite");
        List<Object> edited = new ArrayList<>();
        for (Object entry : list(composite)) {
          if (get(entry, "getBaggage") != null) {
            entry = type.getConstructor().newInstance();
            setComponent(entry, PROPAGATOR);
          }
          edited.add(entry);
        }
        set(propagator, "Composite", List.class, edited);
      }
      String names = (String) get(propagator, "getCompositeList");
      if (names != null) {
        List<String> edited = new ArrayList<>();
        for (String name : names.split(",")) {
          edited.add(name.trim().equals("baggage") ? PROPAGATOR : name.trim());
        }
        set(propagator, "CompositeList", String.class, String.join(",", edited));
      }
    }
  }

  private static Object get(Object target, String getter) throws ReflectiveOperationException {
    return target.getClass().getMethod(getter).invoke(target);
  }

  private static List<Object> list(Object value) {
    return value == null ? new ArrayList<>() : new ArrayList<>((List<?>) value);
  }

  private static Class<?> elementType(Object target, String getter) throws ReflectiveOperationException {
    Type type = target.getClass().getMethod(getter).getGenericReturnType();
    return (Class<?>) ((ParameterizedType) type).getActualTypeArguments()[0];
  }

  private static void set(Object target, String property, Class<?> type, Object value)
      throws ReflectiveOperationException {
    for (String prefix : List.of("set", "with")) {
      try {
        target.getClass().getMethod(prefix + property, type).invoke(target, value);
        return;
      } catch (NoSuchMethodException next) {
        // the other naming of the model's generator
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + ".set/with" + property);
  }

  private static boolean names(Object component, String name) {
    try {
      return extensions(component).containsKey(name);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> extensions(Object component) throws ReflectiveOperationException {
    for (String getter : List.of("getExtensionProperties", "getAdditionalProperties")) {
      try {
        Object value = get(component, getter);
        return value == null ? Map.of() : (Map<String, ?>) value;
      } catch (NoSuchMethodException next) {
        // the other naming of the model's generator
      }
    }
    throw new NoSuchMethodException(component.getClass().getName() + ".getExtensionProperties");
  }

  /** {@code name: {}}: a component with no properties of its own. */
  private static void setComponent(Object model, String name) throws ReflectiveOperationException {
    for (Method m : model.getClass().getMethods()) {
      if ((m.getName().equals("setExtensionProperty") || m.getName().equals("withAdditionalProperty"))
          && m.getParameterCount() == 2) {
        Class<?> valueType = m.getParameterTypes()[1];
        Object empty = valueType.isAssignableFrom(LinkedHashMap.class)
            ? new LinkedHashMap<String, Object>()
            : valueType.getConstructor().newInstance();
        m.invoke(model, name, empty);
        return;
      }
    }
    throw new NoSuchMethodException(model.getClass().getName() + ".setExtensionProperty");
  }
}
