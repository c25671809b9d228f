// sarama-check drives a Tributary cluster with Shopify's sarama, a Kafka client written from scratch in Go
// (Debian's golang-github-shopify-sarama-dev), and prints what it observed as one JSON object for the
// integration test to judge:
//
//	sarama-check -brokers HOST:PORT[,...] -topic T -partitions 3 -count 300 -compression snappy -group G
//	sarama-check -brokers HOST:PORT -version 0.10.0.0 -topic T -partitions 2 -count 200 -compression gzip
//
// It creates the topic with the cluster admin, produces keyed messages with an idempotent acks=all sync
// producer, consumes them in a consumer group (marking and committing offsets), and reads the committed
// offsets back through the offset manager of a second client. With -version it speaks an old Kafka release's
// protocol versions instead (oldversion.go).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

type produced struct {
	Key       string `json:"key"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

type consumed struct {
	Key       string `json:"key"`
	Value     string `json:"value"`
	Null      bool   `json:"null,omitempty"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Timestamp int64  `json:"timestamp,omitempty"`
}

type report struct {
	Produced  []produced         `json:"produced"`
	Consumed  []consumed         `json:"consumed"`
	Committed map[string]int64   `json:"committed"`
	Newest    map[string]int64   `json:"newest"`
	Oldest    map[string]int64   `json:"oldest,omitempty"`
	Claims    map[string][]int32 `json:"claims"`
	Error     string             `json:"error,omitempty"`
}

func codec(name string) sarama.CompressionCodec {
	switch name {
	case "gzip":
		return sarama.CompressionGZIP
	case "snappy":
		return sarama.CompressionSnappy
	case "lz4":
		return sarama.CompressionLZ4
	case "zstd":
		return sarama.CompressionZSTD
	}
	return sarama.CompressionNone
}

// groupHandler records every message of its claims until `want` messages were seen overall.
type groupHandler struct {
	mu       sync.Mutex
	seen     []consumed
	claims   map[string][]int32
	want     int
	done     chan struct{}
	doneOnce sync.Once
}

func (h *groupHandler) Setup(session sarama.ConsumerGroupSession) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	for topic, partitions := range session.Claims() {
		h.claims[topic] = partitions
	}
	return nil
}

func (h *groupHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *groupHandler) ConsumeClaim(session sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for message := range claim.Messages() {
		h.mu.Lock()
		h.seen = append(h.seen, consumed{Key: string(message.Key), Value: string(message.Value),
			Partition: message.Partition, Offset: message.Offset})
		enough := len(h.seen) >= h.want
		h.mu.Unlock()
		session.MarkMessage(message, "")
		if enough {
			h.doneOnce.Do(func() { close(h.done) })
		}
	}
	return nil
}

func run(brokers []string, topic string, partitions int, count int, compression string, group string) (*report, error) {
	config := sarama.NewConfig()
	config.Version = sarama.V2_1_0_0
	config.ClientID = "sarama-check"
	config.Producer.RequiredAcks = sarama.WaitForAll
	config.Producer.Return.Successes = true
	config.Producer.Idempotent = true
	config.Producer.Retry.Max = 5
	config.Net.MaxOpenRequests = 1
	config.Producer.Compression = codec(compression)
	config.Consumer.Offsets.Initial = sarama.OffsetOldest
	config.Consumer.Offsets.CommitInterval = 100 * time.Millisecond
	config.Consumer.Return.Errors = true
	out := &report{Committed: map[string]int64{}, Newest: map[string]int64{}, Claims: map[string][]int32{}}

	if err := createTopic(brokers, config, topic, partitions); err != nil {
		return out, err
	}

	producer, err := sarama.NewSyncProducer(brokers, config)
	if err != nil {
		return out, fmt.Errorf("producer: %w", err)
	}
	for i := 0; i < count; i++ {
		key := fmt.Sprintf("key-%d", i%17)
		partition, offset, err := producer.SendMessage(&sarama.ProducerMessage{
			Topic: topic, Key: sarama.StringEncoder(key), Value: sarama.StringEncoder(fmt.Sprintf("value-%d", i)),
		})
		if err != nil {
			producer.Close()
			return out, fmt.Errorf("send %d: %w", i, err)
		}
		out.Produced = append(out.Produced, produced{Key: key, Partition: partition, Offset: offset})
	}
	producer.Close()

	consumer, err := sarama.NewConsumerGroup(brokers, group, config)
	if err != nil {
		return out, fmt.Errorf("consumer group: %w", err)
	}
	handler := &groupHandler{claims: out.Claims, want: count, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	var errsMu sync.Mutex
	var errs []string
	record := func(err string) {
		errsMu.Lock()
		errs = append(errs, err)
		errsMu.Unlock()
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			if err := consumer.Consume(ctx, []string{topic}, handler); err != nil && ctx.Err() == nil {
				record(err.Error())
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case err, ok := <-consumer.Errors():
				if !ok {
					return
				}
				record(err.Error())
			case <-ctx.Done():
				return
			}
		}
	}()
	select {
	case <-handler.done:
	case <-time.After(60 * time.Second):
	}
	// Let the commit interval pass so the marked offsets are committed, then leave the group.
	time.Sleep(300 * time.Millisecond)
	cancel()
	wg.Wait()
	if err := consumer.Close(); err != nil {
		record("close: " + err.Error())
	}
	handler.mu.Lock()
	out.Consumed = handler.seen
	handler.mu.Unlock()

	client, err := sarama.NewClient(brokers, config)
	if err != nil {
		return out, fmt.Errorf("client: %w", err)
	}
	defer client.Close()
	offsets, err := sarama.NewOffsetManagerFromClient(group, client)
	if err != nil {
		return out, fmt.Errorf("offset manager: %w", err)
	}
	for p := 0; p < partitions; p++ {
		key := fmt.Sprint(p)
		newest, err := client.GetOffset(topic, int32(p), sarama.OffsetNewest)
		if err != nil {
			return out, fmt.Errorf("newest offset %d: %w", p, err)
		}
		out.Newest[key] = newest
		manager, err := offsets.ManagePartition(topic, int32(p))
		if err != nil {
			return out, fmt.Errorf("manage partition %d: %w", p, err)
		}
		committed, _ := manager.NextOffset()
		out.Committed[key] = committed
		manager.Close()
	}
	offsets.Close()
	if len(errs) > 0 {
		return out, fmt.Errorf("consumer errors: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// createTopic creates the topic (replication factor 1) with sarama's cluster admin.
func createTopic(brokers []string, config *sarama.Config, topic string, partitions int) error {
	admin, err := sarama.NewClusterAdmin(brokers, config)
	if err != nil {
		return fmt.Errorf("admin: %w", err)
	}
	defer admin.Close()
	if err := admin.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: int32(partitions), ReplicationFactor: 1}, false); err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	return nil
}

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap brokers, comma-separated")
	topic := flag.String("topic", "sarama", "topic to create and use")
	partitions := flag.Int("partitions", 3, "partitions of the topic")
	count := flag.Int("count", 100, "messages to produce and consume")
	compression := flag.String("compression", "none", "none, gzip, snappy, lz4 or zstd")
	group := flag.String("group", "sarama-group", "consumer group id")
	version := flag.String("version", "", "speak this Kafka release's protocol versions (e.g. 0.10.0.0), without groups")
	flag.Parse()

	var out *report
	var err error
	if *version != "" {
		parsed, parseErr := sarama.ParseKafkaVersion(*version)
		if parseErr != nil {
			fmt.Println(`{"error": "bad -version"}`)
			return
		}
		out, err = runOldVersion(strings.Split(*brokers, ","), parsed, *topic, *partitions, *count, *compression)
	} else {
		out, err = run(strings.Split(*brokers, ","), *topic, *partitions, *count, *compression, *group)
	}
	if err != nil {
		out.Error = err.Error()
	}
	encoded, _ := json.Marshal(out)
	fmt.Println(string(encoded))
}
