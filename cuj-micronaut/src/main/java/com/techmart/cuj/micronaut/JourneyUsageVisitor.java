package com.techmart.cuj.micronaut;

import com.techmart.cuj.internal.JourneyName;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.DefaultScope;
import io.micronaut.core.annotation.AnnotationUtil;
import io.micronaut.core.annotation.Internal;
import io.micronaut.inject.ast.ClassElement;
import io.micronaut.inject.ast.MethodElement;
import io.micronaut.inject.visitor.TypeElementVisitor;
import io.micronaut.inject.visitor.VisitorContext;

/**
 * Compile-time checks of {@link Journey}, run by the application's Micronaut annotation processor
 * when {@code cuj-micronaut} is on its processor path: an invalid journey name, and a method that no
 * AOP proxy can ever reach, fail the build instead of silently recording nothing. (Micronaut itself
 * already rejects advice on private, static and final methods of beans.)
 */
@Internal
public final class JourneyUsageVisitor implements TypeElementVisitor<Object, Journey> {

  @Override
  public void visitMethod(MethodElement method, VisitorContext context) {
    if (!method.hasDeclaredAnnotation(Journey.class)) {
      return;
    }
    ClassElement owner = method.getDeclaringType();
    String where = "@Journey on " + owner.getSimpleName() + "." + method.getName() + "()";
    String name = method.stringValue(Journey.class).orElse("");
    if (!JourneyName.isValid(name)) {
      try {
        JourneyName.validate(name);
      } catch (IllegalArgumentException e) {
        context.fail(where + ": " + e.getMessage(), method);
      }
      return;
    }
    if (method.isPrivate() || method.isStatic() || method.isFinal()) {
      context.fail(where + " can never be intercepted: the method is "
          + (method.isPrivate() ? "private" : method.isStatic() ? "static" : "final")
          + "; make it a non-private, non-static, non-final method of the bean", method);
      return;
    }
    if (owner.isInterface() || owner.isAbstract()) {
      return; // checked on the implementing bean
    }
    if (owner.isFinal()) {
      context.fail(where + " can never be intercepted: class " + owner.getName()
          + " is final, so Micronaut cannot proxy it", method);
    } else if (!isBean(owner)) {
      context.fail(where + " would never run: " + owner.getName() + " is not a bean. Annotate the "
          + "class with @Singleton, @Controller or another bean scope; a class created with 'new' "
          + "or returned by a @Factory method is not intercepted", method);
    }
  }

  private static boolean isBean(ClassElement type) {
    return type.hasStereotype(Bean.class)
        || type.hasStereotype(AnnotationUtil.SCOPE)
        || type.hasStereotype(DefaultScope.class);
  }

  @Override
  public VisitorKind getVisitorKind() {
    return VisitorKind.ISOLATING;
  }
}
