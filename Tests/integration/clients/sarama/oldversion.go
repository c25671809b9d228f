package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

// runOldVersion drives the cluster as a client of an old Kafka release (`-version 0.10.0.0`): at 0.10.0 sarama
// produces message sets of magic 1 (Produce v2), fetches with Fetch v2 (magic 1 answers) and asks offsets with
// ListOffsets v0; at 0.11.0 it uses record batches with Produce v3, Fetch v4 and ListOffsets v1. Consumer groups
// and idempotence need newer versions, so this produces with a plain acks=all producer and reads every partition
// from the oldest offset with partition consumers. The topic is created by a current-version admin.
func runOldVersion(brokers []string, version sarama.KafkaVersion, topic string, partitions int, count int,
	compression string) (*report, error) {
	out := &report{Committed: map[string]int64{}, Newest: map[string]int64{}, Oldest: map[string]int64{},
		Claims: map[string][]int32{}}
	adminConfig := sarama.NewConfig()
	adminConfig.Version = sarama.V2_1_0_0
	if err := createTopic(brokers, adminConfig, topic, partitions); err != nil {
		return out, err
	}

	config := sarama.NewConfig()
	config.Version = version
	config.ClientID = "sarama-old-version"
	config.Producer.RequiredAcks = sarama.WaitForAll
	config.Producer.Return.Successes = true
	config.Producer.Compression = codec(compression)
	config.Producer.Retry.Max = 10
	config.Metadata.Retry.Backoff = 200 * time.Millisecond
	producer, err := sarama.NewSyncProducer(brokers, config)
	if err != nil {
		return out, fmt.Errorf("producer: %w", err)
	}
	// Batches of several messages, so compressed wrappers hold more than one.
	var messages []*sarama.ProducerMessage
	for i := 0; i < count; i++ {
		key := fmt.Sprintf("key-%d", i%17)
		var value sarama.Encoder = sarama.StringEncoder(fmt.Sprintf("value-%d", i))
		if i%50 == 7 {
			value = nil // a null value must stay null
		}
		messages = append(messages, &sarama.ProducerMessage{Topic: topic, Key: sarama.StringEncoder(key), Value: value})
	}
	for start := 0; start < len(messages); start += 25 {
		end := start + 25
		if end > len(messages) {
			end = len(messages)
		}
		if err := producer.SendMessages(messages[start:end]); err != nil {
			producer.Close()
			return out, fmt.Errorf("send %d..%d: %w", start, end, err)
		}
	}
	for _, message := range messages {
		key, _ := message.Key.Encode()
		out.Produced = append(out.Produced, produced{Key: string(key), Partition: message.Partition, Offset: message.Offset})
	}
	producer.Close()

	client, err := sarama.NewClient(brokers, config)
	if err != nil {
		return out, fmt.Errorf("client: %w", err)
	}
	defer client.Close()
	for p := 0; p < partitions; p++ {
		key := fmt.Sprint(p)
		if out.Newest[key], err = client.GetOffset(topic, int32(p), sarama.OffsetNewest); err != nil {
			return out, fmt.Errorf("newest offset %d: %w", p, err)
		}
		if out.Oldest[key], err = client.GetOffset(topic, int32(p), sarama.OffsetOldest); err != nil {
			return out, fmt.Errorf("oldest offset %d: %w", p, err)
		}
	}

	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		return out, fmt.Errorf("consumer: %w", err)
	}
	defer consumer.Close()
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []string
	deadline := time.After(60 * time.Second)
	stop := make(chan struct{})
	for p := 0; p < partitions; p++ {
		want := out.Newest[fmt.Sprint(p)]
		if want == 0 {
			continue
		}
		pc, err := consumer.ConsumePartition(topic, int32(p), sarama.OffsetOldest)
		if err != nil {
			return out, fmt.Errorf("consume partition %d: %w", p, err)
		}
		wg.Add(1)
		go func(pc sarama.PartitionConsumer, want int64) {
			defer wg.Done()
			defer pc.Close()
			for {
				select {
				case message := <-pc.Messages():
					mu.Lock()
					out.Consumed = append(out.Consumed, consumed{Key: string(message.Key), Value: string(message.Value),
						Null: message.Value == nil, Partition: message.Partition, Offset: message.Offset,
						Timestamp: message.Timestamp.UnixNano() / int64(time.Millisecond)})
					mu.Unlock()
					if message.Offset+1 >= want {
						return
					}
				case err := <-pc.Errors():
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
				case <-stop:
					return
				}
			}
		}(pc, want)
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-deadline:
		close(stop)
		<-finished
		errs = append(errs, "timed out consuming")
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("consumer errors: %v", errs)
	}
	return out, nil
}
