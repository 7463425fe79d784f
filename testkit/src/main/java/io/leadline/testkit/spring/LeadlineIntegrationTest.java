package io.leadline.testkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Runs a Spring Boot test against real infrastructure: the JVM's shared Kafka broker and a fresh PostgreSQL
 * database made for this test class, dropped when its context closes (after the class). The context's
 * consumer group starts at the current end of every topic, so earlier test classes' events never reach it.
 * The admin token is {@link TestInfrastructure#ADMIN_TOKEN}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface LeadlineIntegrationTest {
}
