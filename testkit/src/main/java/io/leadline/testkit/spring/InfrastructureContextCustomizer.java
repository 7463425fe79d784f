package io.leadline.testkit.spring;

import io.leadline.testkit.postgres.TestDatabase;
import java.util.List;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Creates the database of a {@link LeadlineIntegrationTest} class when its context starts, and registers it as
 * the context's first disposable bean, so it is dropped last: after the connection pool has closed.
 */
record InfrastructureContextCustomizer(Class<?> testClass) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        TestDatabase database = TestDatabase.create(testClass.getSimpleName());
        String application = context.getEnvironment().getProperty("spring.application.name", "test");
        var properties = TestInfrastructure.properties(database, application + "." + database.name());
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("leadlineTestInfrastructure", properties));
        ((DefaultListableBeanFactory) context.getBeanFactory())
                .registerDisposableBean("leadlineTestDatabase", database::close);
    }

    static class Factory implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                List<ContextConfigurationAttributes> configAttributes) {
            return TestContextAnnotationUtils.hasAnnotation(testClass, LeadlineIntegrationTest.class)
                    ? new InfrastructureContextCustomizer(testClass) : null;
        }
    }
}
